//! `docker network create`: prints the new network's 64-hex ID (docker/cli
//! `cli/command/network/create.go`).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::cli::flags::{Flag, Parsed, Spec};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::{Ipv4Cidr, NetworkCreate as Request, World};

pub const SPEC: Spec = Spec {
    path: "docker network create",
    use_line: "docker network create [OPTIONS] NETWORK",
    description: "Create a network",
    aliases: "",
    flags: &[
        Flag::bool("attachable", None, "Enable manual container attachment"),
        Flag::value(
            "aux-address",
            None,
            "map",
            "Auxiliary IPv4 or IPv6 addresses used by Network driver",
        )
        .with_default("map[]"),
        Flag::value(
            "config-from",
            None,
            "string",
            "The network from which to copy the configuration",
        )
        .not_simulated(),
        Flag::bool("config-only", None, "Create a configuration only network").not_simulated(),
        Flag::value(
            "driver",
            Some('d'),
            "string",
            "Driver to manage the Network",
        )
        .with_default("\"bridge\""),
        Flag::value(
            "gateway",
            None,
            "strings",
            "IPv4 or IPv6 Gateway for the master subnet",
        ),
        Flag::bool("ingress", None, "Create swarm routing-mesh network").not_simulated(),
        Flag::bool("internal", None, "Restrict external access to the network"),
        Flag::value(
            "ip-range",
            None,
            "strings",
            "Allocate container ip from a sub-range",
        ),
        Flag::value(
            "ipam-driver",
            None,
            "string",
            "IP Address Management Driver",
        )
        .with_default("\"default\"")
        .not_simulated(),
        Flag::value("ipam-opt", None, "map", "Set IPAM driver specific options")
            .with_default("map[]")
            .not_simulated(),
        Flag::bool("ipv4", None, "Enable or disable IPv4 address assignment")
            .with_default("true")
            .not_simulated(),
        Flag::bool("ipv6", None, "Enable or disable IPv6 address assignment").not_simulated(),
        Flag::value("label", None, "list", "Set metadata on a network"),
        Flag::value("opt", Some('o'), "map", "Set driver specific options").with_default("map[]"),
        Flag::value("scope", None, "string", "Control the network's scope").not_simulated(),
        Flag::value(
            "subnet",
            None,
            "strings",
            "Subnet in CIDR format that represents a network segment",
        ),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkCreate {
    pub name: String,
    pub driver: Option<String>,
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub ip_range: Option<String>,
    pub aux_addresses: Vec<String>,
    pub internal: bool,
    pub attachable: bool,
    pub options: Vec<String>,
    pub labels: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [name] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    let list = |p: &Parsed, f: &str| p.values.get(f).cloned().unwrap_or_default();
    Ok(Docker::NetworkCreate(NetworkCreate {
        name: name.clone(),
        driver: parsed.value("driver").map(String::from),
        subnet: parsed.value("subnet").map(String::from),
        gateway: parsed.value("gateway").map(String::from),
        ip_range: parsed.value("ip-range").map(String::from),
        aux_addresses: list(&parsed, "aux-address"),
        internal: parsed.is_set("internal"),
        attachable: parsed.is_set("attachable"),
        options: list(&parsed, "opt"),
        labels: list(&parsed, "label"),
    }))
}

/// `key=value` pairs of `-o` and `--label` (a bare key gets an empty value).
fn pairs(items: &[String]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (item.clone(), String::new()),
        })
        .collect()
}

impl NetworkCreate {
    fn request(&self) -> Result<Request, String> {
        let cidr = |text: &str| {
            text.parse::<Ipv4Cidr>()
                .map_err(|_| format!("invalid CIDR address: {text}"))
        };
        let ip = |text: &str| {
            text.parse::<Ipv4Addr>()
                .map_err(|_| format!("invalid IPv4 address: {text}"))
        };
        let mut aux = BTreeMap::new();
        for item in &self.aux_addresses {
            let Some((name, addr)) = item.split_once('=') else {
                return Err(format!("invalid auxiliary address: {item}"));
            };
            aux.insert(name.to_string(), ip(addr)?);
        }
        Ok(Request {
            name: self.name.clone(),
            driver: self.driver.clone(),
            subnet: self.subnet.as_deref().map(cidr).transpose()?,
            gateway: self.gateway.as_deref().map(ip).transpose()?,
            ip_range: self.ip_range.as_deref().map(cidr).transpose()?,
            aux_addresses: aux,
            internal: self.internal,
            attachable: self.attachable,
            options: pairs(&self.options),
            labels: pairs(&self.labels),
        })
    }

    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let request = match self.request() {
            Ok(r) => r,
            Err(e) => return Output::failed(format!("Error response from daemon: {e}"), 1),
        };
        match world.network_create(host, caller, request) {
            Ok(id) => {
                let mut o = Output::default();
                o.out(id);
                o
            }
            Err(e) => {
                let mut o = Output::failed(super::daemon_error(&e), 1);
                if world.triton(host).is_some() {
                    // sdc-docker docs/api/features/networks.md: fabrics come from CloudAPI.
                    o.err(format!(
                        "berth: on Triton, fabric networks are made with CloudAPI (sdc-fabric vlan create, sdc-fabric network create); containers join one with docker run --network NAME. Every container is on {} already.",
                        crate::engine::docker::network::FABRIC_NETWORK
                    ));
                }
                o
            }
        }
    }
}
