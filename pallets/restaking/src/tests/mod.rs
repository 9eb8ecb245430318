//! Tests of the restaking pallet against real `pallet-staking` and `pallet-balances`.

mod network_index;
mod operators;
mod properties;
mod restakers;
mod rewards;
mod slashing;
mod slots;
