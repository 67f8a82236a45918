//! `dig NAME` at a host's prompt: Triton CNS names (the public and private zones) as BIND's
//! dig prints an answer. Not simulated: record types other than A.

use crate::cli::Output;
use crate::engine::platforms::triton::CNS_TTL;
use crate::engine::World;

/// `dig [+short] NAME` at a host's prompt: an A query to the host's resolver, answered by
/// Triton CNS for its zones (TTL 30) and by the simulated internet otherwise.
pub fn dig(world: &World, args: &[&str]) -> Output {
    let short = args.contains(&"+short");
    let Some(name) = args
        .iter()
        .find(|a| !a.starts_with('+') && !a.starts_with('-'))
    else {
        return Output::failed("berth: dig NAME (or dig +short NAME)", 1);
    };
    let (addresses, ttl) = match world.cns_lookup(name) {
        Some(found) => (found, CNS_TTL),
        None => (
            crate::engine::lab::sandbox::INTERNET
                .iter()
                .filter(|(n, _)| *n == name.trim_end_matches('.'))
                .map(|(_, ip)| *ip)
                .collect(),
            300,
        ),
    };
    let server = Server {
        address: "127.0.0.53",
        edns: true,
        when: world.now().unix(),
    };
    answer(name, &addresses, ttl, short, UBUNTU_DIG, &server)
}

/// The host's dig (Ubuntu 24.04's BIND).
const UBUNTU_DIG: &str = "9.18.39-0ubuntu0.24.04.2-Ubuntu";

/// `dig [+short] NAME` in a container that installed it (Debian's `dnsutils`, Alpine's
/// `bind-tools`): an A query to the container's resolver, Docker's embedded DNS at
/// 127.0.0.11 on a user-defined network (TTL 600, moby's resolver), the host's otherwise.
pub fn in_container(
    world: &World,
    host: &str,
    container: &str,
    version: &str,
    args: &[&str],
) -> Output {
    use crate::engine::lab::sandbox::{Lookup, Resolver};
    let short = args.contains(&"+short");
    let Some(name) = args
        .iter()
        .find(|a| !a.starts_with('+') && !a.starts_with('-') && !a.starts_with('@'))
    else {
        return Output::failed("berth: dig NAME (or dig +short NAME)", 1);
    };
    // Docker's embedded DNS answers its own names without EDNS (libnetwork `resolver.go`
    // replies with the question and the records only, uncompressed).
    let embedded = matches!(
        world.container_resolver(host, container),
        Ok(Resolver::Embedded)
    );
    let server = Server {
        address: if embedded { "127.0.0.11" } else { "8.8.8.8" },
        edns: !embedded,
        when: world.now().unix(),
    };
    let addresses = match world.dns_lookup(host, container, name) {
        Ok(Lookup::Found { addresses, .. }) => addresses,
        _ => Vec::new(),
    };
    answer(name, &addresses, 600, short, version, &server)
}

/// The resolver that answered: its address, whether its reply carries EDNS (an OPT record),
/// and when the query ran (the logical clock).
struct Server {
    address: &'static str,
    edns: bool,
    when: u64,
}

/// Tabs after `text` up to `column` (BIND's `dns_master_style` columns: in a record, the TTL
/// at 24, class at 32, type at 40; in the question section, the class at 32). At least one.
fn tabs_to(text: &str, column: usize) -> String {
    let len = text.len();
    let count = if len >= column {
        1
    } else {
        (column - len).div_ceil(8)
    };
    "\t".repeat(count.max(1))
}

/// dig's `;; WHEN:` (dig.c: `strftime("%a %b %d %H:%M:%S %Z %Y")`, the C locale, UTC).
fn when(unix: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, hh, mm, ss) = crate::engine::clock::civil_from_unix(unix);
    let weekday = DAYS
        .get(usize::try_from(unix / 86_400 % 7).unwrap_or(0))
        .unwrap_or(&"Thu");
    let month = MONTHS
        .get(usize::try_from(mo.saturating_sub(1)).unwrap_or(0))
        .unwrap_or(&"Jan");
    format!("{weekday} {month} {d:02} {hh:02}:{mm:02}:{ss:02} UTC {y}")
}

/// BIND's dig layout for an A query's answer.
fn answer(
    name: &str,
    addresses: &[std::net::Ipv4Addr],
    ttl: u32,
    short: bool,
    version: &str,
    server: &Server,
) -> Output {
    let fqdn = format!("{}.", name.trim_end_matches('.'));
    let mut o = Output::default();
    if short {
        for ip in addresses {
            o.out(ip.to_string());
        }
        return o;
    }
    let status = if addresses.is_empty() {
        "NXDOMAIN"
    } else {
        "NOERROR"
    };
    let opt = if server.edns {
        ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 65494\n"
    } else {
        ""
    };
    let question = format!(";{fqdn}");
    o.out(format!(
        "\n; <<>> DiG {version} <<>> {name}\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: {status}, id: {}\n;; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: {}\n\n{opt};; QUESTION SECTION:\n{question}{}IN\tA\n",
        query_id(name),
        addresses.len(),
        u8::from(server.edns),
        tabs_to(&question, 32),
    ));
    if !addresses.is_empty() {
        o.out(";; ANSWER SECTION:");
        for ip in addresses {
            let ttl = ttl.to_string();
            o.out(format!(
                "{fqdn}{}{ttl}{}IN\tA\t{ip}",
                tabs_to(&fqdn, 24),
                tabs_to(&ttl, 8)
            ));
        }
        o.out("");
    }
    // Without EDNS the size is the embedded server's message: the header, the question
    // (the name in labels, type, class) and each record with its name uncompressed.
    let size = if server.edns {
        120
    } else {
        let qname = fqdn.len() + 1;
        12 + qname + 4 + addresses.len() * (qname + 10 + 4)
    };
    let address = server.address;
    o.out(format!(
        ";; Query time: 12 msec\n;; SERVER: {address}#53({address}) (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {size}\n",
        when(server.when)
    ));
    o
}

/// A query ID that stays the same for the same name: the transcript stays stable.
fn query_id(name: &str) -> u16 {
    name.bytes()
        .fold(0x5bd1u16, |h, b| h.rotate_left(5) ^ u16::from(b))
}
