//! Docker's own objects on one host, as the Engine API serves them: containers, images,
//! networks (with their IPAM and drivers), volumes, published ports, the processes a container
//! runs, what a container sees of the network (its sandbox: interfaces, `/etc/hosts`, the
//! embedded DNS server) and dockerd's own configuration (`daemon.json`).
//!
//! Contract:
//! - Operations are named after Engine API operations (`container_create`, `network_connect`)
//!   and return typed values or an [`EngineError`](super::EngineError) whose `Display` is the
//!   daemon's text.
//! - A failed call leaves the world as it was: each operation checks before it changes anything.
//! - Everything here holds on a single host; what spans hosts (the underlay, swarm, add-ons)
//!   lives in the other folders.

pub mod container;
pub mod containers;
pub mod daemon;
pub mod image;
pub mod images;
pub mod lifecycle;
pub mod network;
pub mod networks;
pub mod ports;
pub mod processes;
pub mod volumes;
