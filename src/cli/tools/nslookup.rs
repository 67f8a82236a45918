//! busybox `nslookup NAME` in a container: the answer of the resolver the container uses
//! (Docker's embedded DNS at 127.0.0.11 on a user-defined network, the host's otherwise),
//! from the engine's `dns_lookup`, laid out as busybox prints it. Not simulated: record types
//! other than A, a DNS server given on the command line.

use crate::cli::Output;
use crate::engine::lab::sandbox::{Lookup, Resolver};
use crate::engine::World;

pub fn nslookup(world: &World, host: &str, container: &str, args: &[&str]) -> Output {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        return Output::failed("BusyBox v1.37.0 (2025-10-10 00:00:00 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]", 1);
    };
    let server = match world.container_resolver(host, container) {
        Ok(Resolver::Embedded) => "127.0.0.11",
        _ => "8.8.8.8",
    };
    let mut o = Output::default();
    o.out(format!("Server:\t\t{server}\nAddress:\t{server}:53\n"));
    match world.dns_lookup(host, container, name) {
        Ok(Lookup::Found { addresses, .. }) => {
            o.out("Non-authoritative answer:");
            o.out(format!("Name:\t{name}"));
            for a in addresses {
                o.out(format!("Address: {a}"));
            }
            o.out(format!(
                "\nNon-authoritative answer:\n*** Can't find {name}: No answer\n"
            ));
        }
        _ => {
            o.out(format!(
                "** server can't find {name}: NXDOMAIN\n\n** server can't find {name}: NXDOMAIN\n"
            ));
            o.exit_code = 1;
        }
    }
    o
}
