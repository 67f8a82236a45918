//! iproute2's `bridge link [show]` at a host's prompt: the ports of the host's Linux bridges
//! (from [`World::host_links`]), as `bridge` prints them on a Debian host.

use super::ip::head;
use crate::cli::Output;
use crate::engine::World;

/// `bridge link [show]`: the ports of the host's Linux bridges.
pub fn bridge(world: &World, host: &str, args: &[&str]) -> Output {
    match args {
        [] | ["link"] | ["link", "show" | "list" | "ls"] | ["l"] | ["l", "show"] => {}
        _ => {
            return Output::failed(
                format!(
                    "berth: `bridge {}` is not simulated; `bridge link` is.",
                    args.join(" ")
                ),
                1,
            )
        }
    }
    let Ok(links) = world.host_links(host) else {
        return Output::default();
    };
    let mut o = Output::default();
    for l in links
        .iter()
        .filter(|l| l.master.as_deref().is_some_and(|m| m != "datapath"))
    {
        o.out(format!(
            "{} priority 32 cost 2 ",
            head(l, false).replace(" state UP", " state forwarding")
        ));
    }
    o
}
