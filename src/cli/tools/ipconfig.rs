//! Windows' `ipconfig` (Windows Server 2022): the adapters a Windows host or container has,
//! each with its dotted labels. The shell (`shells/cmd.rs`) lists the adapters from the
//! engine; this file lays them out. Not simulated: `/all`, `/release`, `/renew`, DNS servers.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::ip::link_local;
use crate::cli::Output;

/// One network adapter as `ipconfig` lists it.
pub struct Adapter {
    pub name: String,
    pub ip: Ipv4Addr,
    pub prefix: u8,
    pub gateway: Option<Ipv4Addr>,
    pub mac: String,
    pub index: u32,
}

fn mask(prefix: u8) -> Ipv4Addr {
    let bits = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    };
    Ipv4Addr::from(bits)
}

/// `ipconfig`: a header, then each adapter with its dotted labels.
pub fn ipconfig(adapters: &[Adapter]) -> Output {
    let mut text = String::from("\nWindows IP Configuration\n\n");
    for a in adapters {
        let _ = write!(
            text,
            "\nEthernet adapter {}:\n\n   Connection-specific DNS Suffix  . : \n   Link-local IPv6 Address . . . . . : {}%{}\n   IPv4 Address. . . . . . . . . . . : {}\n   Subnet Mask . . . . . . . . . . . : {}\n   Default Gateway . . . . . . . . . : {}\n",
            a.name,
            link_local(&a.mac),
            a.index,
            a.ip,
            mask(a.prefix),
            a.gateway.map(|g| g.to_string()).unwrap_or_default()
        );
    }
    let mut o = Output::default();
    o.out(text.trim_end_matches('\n'));
    o
}
