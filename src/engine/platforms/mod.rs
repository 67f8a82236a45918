//! The platforms a Docker client may talk to besides a plain Linux host: a Joyent Triton data
//! center behind sdc-docker, and the VirtualBox VMs `docker-machine` makes for a Mac laptop.
//!
//! Contract:
//! - Each platform's own data and operations live here; the decisions the rest of the engine
//!   asks of a platform are [`Backend`](super::Backend) methods at the engine's root.
//! - Uses `docker` and `security` (a boot2docker VM's component versions) only.
//! - A platform changes what an operation means (where an address comes from, which images
//!   run, which isolation applies), never the Docker vocabulary of its answers.
//! - Not simulated: Triton's CloudAPI and its billing packages beyond what sdc-docker shows;
//!   VirtualBox beyond its host-only network, DHCP and NAT port-forwards.

pub mod machine;
pub mod triton;
