//! Docker security on a host: who may use the daemon (login users, the `docker` group; the
//! authorization plugins themselves are the daemon's, in `docker::authz`), what root in a
//! container can reach (escapes, the CVE catalogue with the host's component versions), the
//! host's own packet filters (ufw, `DOCKER-USER`), and the checks that judge it all (the CIS
//! benchmark audit, an image scan).
//!
//! Contract:
//! - Uses only `docker` and the engine's root: the platforms, the add-ons and the lab sit
//!   above it.
//! - The audit and the scan read the world and never change it.
//! - An escape or an exploit succeeds only when every precondition holds, and then marks the
//!   host compromised, with the way in.
//! - Not simulated: AppArmor and seccomp profiles beyond their names, SELinux, user namespaces'
//!   file ownership.

pub mod audit;
pub mod cve;
pub mod escape;
pub mod scan;
pub mod ufw;
pub mod users;
