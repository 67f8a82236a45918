//! Docker's own objects on one host, as the Engine API serves them: containers, images,
//! networks (with their IPAM and drivers), volumes, published ports, the processes a container
//! runs and dockerd's own configuration (`daemon.json`).
//!
//! Contract:
//! - The lowest engine folder but `fs` (the file trees): it uses only the engine's root (the `World`, the `Backend`, the
//!   shared basics), never `security`, `platforms`, `addons`, `swarm` or `lab`. What depends on
//!   the platform is a [`Backend`](super::Backend) question; what swarm, the add-ons and the
//!   platforms do when a container changes goes through the one hook in `hooks.rs`. The one
//!   hand-off left is swarm's: `network create -d overlay` and removing an overlay are swarm
//!   mode's operations, as they are for dockerd's swarm-scoped driver.
//! - Operations are named after Engine API operations (`container_create`, `network_connect`)
//!   and return typed values or an [`EngineError`](super::EngineError) whose `Display` is the
//!   daemon's text.
//! - Every Engine API operation takes a [`caller::Caller`] (who sends the request, over which
//!   transport) and asks the host's authorization plugins ([`authz`]) before it changes
//!   anything, as dockerd's API middleware does; a refusal is
//!   [`EngineError::Authz`](super::EngineError::Authz).
//! - A failed call leaves the world as it was: each operation checks before it changes anything.
//! - Everything here holds on a single host; what spans hosts (the underlay, swarm, add-ons)
//!   lives in the other folders.

pub mod apps;
pub mod archive;
pub mod authz;
pub mod build;
pub mod caller;
pub mod container;
pub mod containers;
pub mod daemon;
pub mod data_root;
pub mod image;
pub mod image_config;
pub mod image_ref;
pub mod image_tools;
pub mod images;
pub mod lifecycle;
pub mod mount_files;
pub mod network;
pub mod networks;
pub mod nginx_writes;
pub mod package_lists;
pub mod packages;
pub mod periodic;
pub mod ports;
pub mod postgres;
pub mod processes;
pub mod prune;
pub mod redis;
pub mod registry;
pub mod requests;
pub mod restart;
pub mod server_logs;
pub mod shutdown;
pub mod stats;
pub mod volumes;
