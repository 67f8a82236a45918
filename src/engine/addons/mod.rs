//! Networking add-ons that came before or beside Docker's own multi-host networking: Weave Net
//! (its router, IPAM and DNS), flannel (a subnet per host from the lab's etcd) and pipework
//! (a container's extra interface on a host bridge or on the LAN).
//!
//! Contract:
//! - Uses only `docker` and the engine's root. An add-on hears of a container's changes
//!   through the hook in `hooks.rs` (Weave's proxy attaches what starts).
//! - An add-on only adds to the world: it runs as a container or a host process, owns what it
//!   created (bridges, leases, address ranges) and never changes Docker's own objects' rules.
//! - Each add-on's reports (`weave status`, the flannel lease) are computed from the world,
//!   never stored twice.
//! - Not simulated: the add-ons' own failure modes beyond the ones the tutorials show.

pub mod flannel;
pub mod pipework;
pub mod weave;
pub mod weave_status;
