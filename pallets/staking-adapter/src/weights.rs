//! pallet-staking's weights with the work its `EventListeners` (the restaking pallet) do inside
//! its calls.
//!
//! pallet-staking 50 notifies its listeners in two places: `on_withdraw`, from
//! `withdraw_unbonded` (and from `unbond`, which withdraws first when the unlocking chunks are
//! full), and `on_slash`, from `do_slash`. The restaking pallet's answer to either is O(1) (it
//! reconciles one position and marks its operator stale for the hook) and benchmarked
//! (`staking_withdraw_listener`, `staking_slash_listener`). The withdrawal listener runs inside
//! signed calls, so those calls are charged for it here. The slash listener is not added: these
//! weights assume `SlashDeferDuration` ≥ 1, which defers every staking slash (`manual_slash`'s
//! and `on_offence`'s too) to an era start, in the session-rotation block that pallet-session
//! charges at the whole block weight, where the listener's work is already paid for. With
//! `SlashDeferDuration` = 0 a slash is applied inside `manual_slash` or the offence report, and
//! those weights would have to include `staking_slash_listener` once per slashed restaker.

use core::marker::PhantomData;
use frame_support::weights::Weight;
use pallet_ssp_restaking::WeightInfo as _;
use pallet_staking::WeightInfo;

/// pallet-staking's `SubstrateWeight`, plus restaking's withdrawal listener where it runs: set
/// `pallet_staking::Config::WeightInfo = ssp_staking_adapter::StakingWeights<Runtime>` in a
/// runtime whose `EventListeners` include the restaking pallet.
pub struct StakingWeights<T>(PhantomData<T>);

macro_rules! delegate {
	($($name:ident($($arg:ident),*);)*) => {
		$(fn $name($($arg: u32),*) -> Weight {
			pallet_staking::weights::SubstrateWeight::<T>::$name($($arg),*)
		})*
	};
}

impl<T: frame_system::Config> WeightInfo for StakingWeights<T> {
	delegate! {
		get_npos_voters(v, n);
		get_npos_targets(v);
		bond();
		bond_extra();
		validate();
		kick(k);
		nominate(n);
		chill();
		set_payee();
		update_payee();
		set_controller();
		set_validator_count();
		force_no_eras();
		force_new_era();
		force_new_era_always();
		set_invulnerables(v);
		deprecate_controller_batch(u);
		force_unstake(s);
		cancel_deferred_slash(s);
		payout_stakers_alive_staked(n);
		rebond(l);
		reap_stash(s);
		new_era(v, n);
		set_staking_configs_all_set();
		set_staking_configs_all_remove();
		chill_other();
		force_apply_min_commission();
		set_min_commission();
		restore_ledger();
		migrate_currency();
		manual_slash();
	}

	fn unbond() -> Weight {
		Staking::<T>::unbond().saturating_add(listener::<T>())
	}

	fn withdraw_unbonded_update(s: u32) -> Weight {
		Staking::<T>::withdraw_unbonded_update(s).saturating_add(listener::<T>())
	}

	fn withdraw_unbonded_kill(s: u32) -> Weight {
		Staking::<T>::withdraw_unbonded_kill(s).saturating_add(listener::<T>())
	}
}

type Staking<T> = pallet_staking::weights::SubstrateWeight<T>;

/// What the restaking pallet's `on_withdraw` listener costs.
fn listener<T: frame_system::Config>() -> Weight {
	pallet_ssp_restaking::weights::SubstrateWeight::<T>::staking_withdraw_listener()
}
