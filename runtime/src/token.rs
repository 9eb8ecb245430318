// The chain's token, in one place: the runtime exports it for the chain spec's properties, and
// the build script includes this file so that the RFC-0078 metadata digest the wasm builder
// computes carries the same symbol and decimals a wallet shows.

/// Token symbol shown by wallets (chain spec `properties.tokenSymbol`, metadata digest).
pub const TOKEN_SYMBOL: &str = "SSP";
/// Token decimals (chain spec `properties.tokenDecimals`, metadata digest).
pub const TOKEN_DECIMALS: u8 = 12;
