//! The topology picture: each host as a frame, each bridge network as a bus line with its subnet,
//! each container as a node hanging from the bus, labelled with its name and address. Redrawn
//! from [`Topology`] after every command; only geometry is decided here.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::cli::render::path::EncapsulationShown;
use crate::engine::lab::reach::Mark;
use crate::engine::lab::topology::{ContainerNode, NetworkView, Topology};

const WIDTH: i32 = 440;
const NODE_W: i32 = 124;
const NODE_H: i32 = 64;
const NODE_GAP: i32 = 12;
const PER_ROW: i32 = 3;
const HOST_PAD: i32 = 16;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub topology: Rc<Topology>,
    /// The hops of the packet path lit so far.
    #[prop_or_default]
    pub lit: Rc<Vec<Mark>>,
    /// The path is over and the packet did not arrive: its last lit hop shows where.
    #[prop_or_default]
    pub path_failed: bool,
    /// The packet is inside a tunnel on the hop just lit: the outer packet wrapping it.
    #[prop_or_default]
    pub encapsulation: Option<EncapsulationShown>,
}

/// Roughly how wide monospace text of `chars` characters is at the badge's font size.
fn text_width(chars: usize) -> i32 {
    i32::try_from(chars).unwrap_or(60).saturating_mul(7) + 8
}

/// The packet as it crosses the underlay: the outer UDP packet, the tunnel's header, then the
/// container's own packet inside, drawn as nested boxes under the underlay line.
fn encapsulation_badge(e: &EncapsulationShown) -> Html {
    let outer = e.outer.clone();
    let header = e.header.clone();
    let inner = "packet".to_string();
    let (w_outer, w_header, w_inner) = (
        text_width(outer.chars().count()),
        text_width(header.chars().count()),
        text_width(inner.len()),
    );
    let x0 = 8;
    html! {
        <g class="encapsulation" data-header={e.header.clone()}>
            <title>{ e.title.clone() }</title>
            <rect class="encap-outer" x={x0.to_string()} y="24" rx="4" height="23"
                  width={(w_outer + w_header + w_inner + 12).to_string()} />
            <text class="encap-text" x={(x0 + 5).to_string()} y="40"
                  textLength={(w_outer - 10).to_string()} lengthAdjust="spacingAndGlyphs">{ outer }</text>
            <rect class="encap-header" x={(x0 + w_outer).to_string()} y="27" rx="3" height="17"
                  width={(w_header + w_inner + 8).to_string()} />
            <text class="encap-text" x={(x0 + w_outer + 5).to_string()} y="40"
                  textLength={(w_header - 10).to_string()} lengthAdjust="spacingAndGlyphs">{ header }</text>
            <rect class="encap-inner" x={(x0 + w_outer + w_header + 2).to_string()} y="30" rx="2" height="11"
                  width={(w_inner + 2).to_string()} />
            <text class="encap-text inner" x={(x0 + w_outer + w_header + 5).to_string()} y="39"
                  textLength={(w_inner - 8).to_string()} lengthAdjust="spacingAndGlyphs">{ inner }</text>
        </g>
    }
}

/// Height one network takes: its label and bus, then rows of nodes.
fn network_height(n: &NetworkView) -> i32 {
    let count = i32::try_from(n.containers.len()).unwrap_or(i32::MAX / 2);
    let rows = (count + PER_ROW - 1) / PER_ROW;
    46 + rows * (NODE_H + NODE_GAP) + if rows == 0 { 10 } else { 0 }
}

/// The networks worth drawing: those with addresses always, `host` and `none` only when used.
fn drawn(networks: &[NetworkView]) -> impl Iterator<Item = &NetworkView> {
    networks
        .iter()
        .filter(|n| n.subnet.is_some() || !n.containers.is_empty())
}

/// `lit` if the path touched this, `lit last` on the hop where it ended, `lit failed` if it
/// ended there without arriving.
fn lit_class(props: &TopologyProps, mark: &Mark) -> Classes {
    if !props.lit.contains(mark) {
        return Classes::new();
    }
    let last = props.lit.last() == Some(mark);
    classes!(
        "lit",
        last.then_some("last"),
        (last && props.path_failed).then_some("failed")
    )
}

#[component]
pub fn TopologyView(props: &TopologyProps) -> Html {
    let many = props.topology.hosts.len() > 1;
    // With several hosts, the underlay they share is named above them, with room under it
    // for the packet's outer header while it crosses.
    let mut y = if many { 50 } else { 8 };
    let mut hosts = Vec::new();
    // Where each overlay's bus is drawn in each host: the tunnels join them.
    let mut overlay_buses: BTreeMap<(String, String), Vec<i32>> = BTreeMap::new();
    for host in &props.topology.hosts {
        let top = y;
        let mut inner = Vec::new();
        let mut ny = top + 40;
        if !host.firewall_drops.is_empty() {
            ny += 16;
        }
        if host.compromised.is_some() {
            ny += 30;
        }
        for (index, network) in drawn(&host.networks).enumerate() {
            if let Some(vni) = &network.vxlan {
                overlay_buses
                    .entry((network.name.clone(), vni.clone()))
                    .or_default()
                    .push(ny + 28);
            }
            let escaped = host.compromised.as_ref().map(|(c, _)| c.as_str());
            inner.push(network_view(props, &host.name, network, index, ny, escaped));
            ny += network_height(network);
        }
        let height = ny - top + HOST_PAD / 2;
        let class = classes!(
            "host",
            (!host.running).then_some("stopped"),
            (host.os == "windows").then_some("windows"),
            (host.os == "triton").then_some("triton"),
            host.compromised.is_some().then_some("compromised")
        );
        let firewall_lines = i32::from(!host.firewall_drops.is_empty());
        let compromise = host.compromised.as_ref().map(|(container, via)| {
            html! {
                <g class="compromised-note">
                    <title>{ format!("root on {} from {container}: {via}", host.name) }</title>
                    <text class="compromised-label" x={(HOST_PAD + 4).to_string()} y={(top + 44 + 16 * firewall_lines).to_string()}>
                        { format!("root on {} taken from {container}", host.name) }
                    </text>
                    <text class="compromised-via" x={(HOST_PAD + 4).to_string()} y={(top + 58 + 16 * firewall_lines).to_string()}>
                        { via.clone() }
                    </text>
                </g>
            }
        });
        let system = match (host.os, &host.vm_of) {
            ("windows", _) => " · Windows".to_string(),
            ("macos", _) => " · Mac laptop, no dockerd".to_string(),
            ("triton", _) => " · Triton data center".to_string(),
            (_, Some(laptop)) => format!(" · VM on {laptop}"),
            _ => String::new(),
        };
        let label = if host.running {
            format!("{}{system}", host.name)
        } else {
            format!("{}{system} (stopped)", host.name)
        };
        let firewall = (!host.firewall_drops.is_empty()).then(|| {
            html! {
                <text class="firewall" x={(HOST_PAD + 4).to_string()} y={(top + 44).to_string()}>
                    { format!("firewall drops {}", host.firewall_drops.join(", ")) }
                </text>
            }
        });
        hosts.push(html! {
            <g class={class} data-host={host.name.clone()}>
                <title>{ format!("Docker host {}, eth0 {}", host.name, host.underlay_ip) }</title>
                <rect class="host-frame" x="4" y={top.to_string()} width={(WIDTH - 8).to_string()}
                      height={height.to_string()} rx="12" />
                <text class="host-label" x={(HOST_PAD + 4).to_string()} y={(top + 26).to_string()}>
                    { label }
                </text>
                <text class={classes!("host-eth0", lit_class(props, &Mark::Eth0 { host: host.name.clone() }))}
                      x={(WIDTH - HOST_PAD - 4).to_string()} y={(top + 26).to_string()} text-anchor="end">
                    { if host.vm_of.is_some() { format!("host-only {}", host.underlay_ip) } else { format!("eth0 {}", host.underlay_ip) } }
                </text>
                { for firewall }
                { for compromise }
                { for inner }
            </g>
        });
        y += height + 12;
    }
    let underlay = many.then(|| {
        html! {
            <g class={classes!("underlay", lit_class(props, &Mark::Underlay))}>
                <line class="underlay-line" x1="4" y1="20" x2={(WIDTH - 4).to_string()} y2="20" />
                <text class="underlay-label" x="8" y="14">
                    { format!("underlay {}", props.topology.underlay) }
                </text>
                { for props.encapsulation.as_ref().map(encapsulation_badge) }
            </g>
        }
    });
    // Each overlay on two hosts or more: a VXLAN tunnel from bus to bus, across the underlay.
    let tunnels = overlay_buses
        .iter()
        .filter(|(_, ys)| ys.len() > 1)
        .enumerate()
        .map(|(i, ((name, vni), ys))| {
            let x = WIDTH - 6 - 7 * i32::try_from(i).unwrap_or(0);
            let top = ys.first().copied().unwrap_or(0);
            let bottom = ys.last().copied().unwrap_or(0);
            html! {
                <g class={classes!("tunnel", lit_class(props, &Mark::Tunnel { network: name.clone() }))} data-network={name.clone()}>
                    <title>{ format!("VXLAN {vni}: {name} spans these hosts") }</title>
                    <line class="tunnel-line" x1={x.to_string()} y1={top.to_string()} x2={x.to_string()} y2={bottom.to_string()} />
                    { for ys.iter().map(|y| html! {
                        <line class="tunnel-stub" x1={(WIDTH - HOST_PAD - 8).to_string()} y1={y.to_string()} x2={x.to_string()} y2={y.to_string()} />
                    }) }
                </g>
            }
        })
        .collect::<Html>();
    html! {
        <svg class="topology" role="img" aria-labelledby="topology-title"
             viewBox={format!("0 0 {WIDTH} {}", y.max(120))} preserveAspectRatio="xMidYMin meet">
            <title id="topology-title">{ "Topology: hosts, networks and containers" }</title>
            { for underlay }
            { for hosts }
            { tunnels }
        </svg>
    }
}

fn network_view(
    props: &TopologyProps,
    host: &str,
    network: &NetworkView,
    index: usize,
    top: i32,
    escaped: Option<&str>,
) -> Html {
    let label = match (&network.subnet, &network.device) {
        (Some(subnet), _) if network.vxlan.is_some() => format!(
            "{}  ·  {subnet}  ·  vxlan {}",
            network.name,
            network.vxlan.clone().unwrap_or_default()
        ),
        // A device named like its network (`docker_gwbridge`) is said once.
        (Some(subnet), Some(device)) if *device != network.name => {
            format!("{}  ·  {subnet}  ·  {device}", network.name)
        }
        (Some(subnet), _) => format!("{}  ·  {subnet}", network.name),
        _ => format!("{}  ·  {}", network.name, network.driver),
    };
    let bus_y = top + 28;
    let left = HOST_PAD + 8;
    let right = WIDTH - HOST_PAD - 8;
    let gateway = network.gateway.clone().map(|g| {
        html! {
            <text class="gateway" x={right.to_string()} y={(top + 16).to_string()} text-anchor="end">
                { format!("gateway {g}") }
            </text>
        }
    });
    html! {
        <g class={classes!("network", format!("driver-{}", network.driver), format!("accent-{}", index % 6),
                           lit_class(props, &Mark::Network { host: host.to_string(), name: network.name.clone() }))}
           data-network={network.name.clone()}>
            <title>{ format!("Network {} ({} driver)", network.name, network.driver) }</title>
            <text class="network-label" x={left.to_string()} y={(top + 16).to_string()}>{ label }</text>
            { for gateway }
            <line class="bus" x1={left.to_string()} y1={bus_y.to_string()} x2={right.to_string()} y2={bus_y.to_string()} />
            { for network.containers.iter().enumerate().map(|(i, c)| {
                let mut lit = lit_class(props, &Mark::Container { host: host.to_string(), name: c.name.clone() });
                if escaped == Some(c.name.as_str()) {
                    lit.push("escaped");
                }
                container_view(c, i, bus_y, lit)
            }) }
        </g>
    }
}

fn container_view(c: &ContainerNode, index: usize, bus_y: i32, lit: Classes) -> Html {
    let index = i32::try_from(index).unwrap_or(0);
    let col = index % PER_ROW;
    let row = index / PER_ROW;
    let x = HOST_PAD + 8 + col * (NODE_W + NODE_GAP);
    let y = bus_y + 18 + row * (NODE_H + NODE_GAP);
    let cx = x + NODE_W / 2;
    let address = match (&c.ip, c.running) {
        (Some(ip), _) => ip.clone(),
        (None, true) => "no address".to_string(),
        (None, false) => "stopped · no address".to_string(),
    };
    let state = if c.running { "running" } else { "stopped" };
    html! {
        <g class={classes!("container-node", state, lit)} data-name={c.name.clone()}>
            <title>{ format!("{} ({}, {}) {}", c.name, c.image, c.short_id, address) }</title>
            <line class="link" x1={cx.to_string()} y1={bus_y.to_string()} x2={cx.to_string()} y2={y.to_string()} />
            <rect class="node" x={x.to_string()} y={y.to_string()} width={NODE_W.to_string()} height={NODE_H.to_string()} rx="8" />
            <text class="node-name" x={(x + 12).to_string()} y={(y + 24).to_string()}>{ c.name.clone() }</text>
            <text class="node-ip" x={(x + 12).to_string()} y={(y + 42).to_string()}>{ address }</text>
            if !c.ports.is_empty() {
                <text class="node-ports" x={(x + 12).to_string()} y={(y + 56).to_string()}>{ c.ports.join(" ") }</text>
            }
        </g>
    }
}
