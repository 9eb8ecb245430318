//! pallet-staking's weights with the work its `EventListeners` (the restaking pallet) do inside
//! its calls.
//!
//! pallet-staking 50 notifies its listeners in two places: `on_withdraw`, from
//! `withdraw_unbonded` (and from `unbond`, which withdraws first when the unlocking chunks are
//! full), and `on_slash`, from `do_slash`. The restaking pallet's answer to either is O(1) (it
//! reconciles one position and marks its operator stale for the hook) and benchmarked
//! (`staking_withdraw_listener`, `staking_slash_listener`). The withdrawal listener runs inside
//! signed calls, so those calls are charged for it here. Slashes are applied in the session
//! rotation block (`SlashDeferDuration` = 1 defers every slash, `manual_slash`'s too, to an era
//! start), which pallet-session charges at the whole block weight: the slash listener's work
//! there is already paid for.

use crate::Runtime;
use frame_support::weights::Weight;
use pallet_ssp_restaking::WeightInfo as _;
use pallet_staking::WeightInfo;

type Staking = pallet_staking::weights::SubstrateWeight<Runtime>;
type Restaking = pallet_ssp_restaking::weights::SubstrateWeight<Runtime>;

/// pallet-staking's `SubstrateWeight`, plus restaking's withdrawal listener where it runs.
pub struct StakingWeights;

macro_rules! delegate {
	($($name:ident($($arg:ident),*);)*) => {
		$(fn $name($($arg: u32),*) -> Weight { Staking::$name($($arg),*) })*
	};
}

impl WeightInfo for StakingWeights {
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
		Staking::unbond().saturating_add(Restaking::staking_withdraw_listener())
	}

	fn withdraw_unbonded_update(s: u32) -> Weight {
		Staking::withdraw_unbonded_update(s).saturating_add(Restaking::staking_withdraw_listener())
	}

	fn withdraw_unbonded_kill(s: u32) -> Weight {
		Staking::withdraw_unbonded_kill(s).saturating_add(Restaking::staking_withdraw_listener())
	}
}
