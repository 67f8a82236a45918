//! The lab: the hosts a trainer would build from machines on one LAN, the underlay that joins
//! them with each host's firewall, each host's own network namespace (`ip link`, the NAT
//! table), what a container sees of the network (its sandbox: interfaces, `/etc/hosts`, the
//! embedded DNS that also answers for swarm services, weaveDNS and Triton CNS), the path a
//! packet takes from a container or a host to an address (`reach`, with the legs that leave
//! the host in `crossings`), and the picture of it all for the topology pane.
//!
//! Contract:
//! - The top engine folder: it may use every other folder (docker, security, platforms,
//!   addons, swarm), and none of them uses it.
//! - These are playground operations, not Docker API ones: their errors are Berth's own,
//!   worded for a learner.
//! - The path of a packet is typed (`hop`: a `HopKind` per hop, the `Mark` it lights, a
//!   `Dropped` reason when blocked) and holds no text: the CLI words it
//!   (`cli::render::path`), and the UI draws the marks with the CLI's labels.
//! - Not simulated: real packets, ARP, MTU discovery; a path is decided from the world's state.

pub mod crossings;
pub mod hop;
pub mod hostnet;
pub mod hosts;
pub mod reach;
pub mod sandbox;
pub mod topology;
