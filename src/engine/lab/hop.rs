//! The vocabulary of a packet's path, as typed values: what each hop is ([`HopKind`]), what it
//! lights in the picture ([`Mark`]), the tunnel that wraps it ([`Encapsulation`]), and why a
//! packet or a connection stops ([`Dropped`]).
//!
//! Contract:
//! - Data only: each variant carries the names, addresses and numbers a reader needs, and no
//!   text. `cli::render::path` writes each as a line of `trace`, and hands the picture the
//!   same labels, so the wording lives in one place.
//! - A variant names a place in Docker's data path (a veth into its bridge, MASQUERADE, IPVS,
//!   a VXLAN tunnel, a Weave router…), not a sentence: a new path adds a variant, and the
//!   compiler points at the renderer that must word it.

use std::net::Ipv4Addr;

use crate::engine::addons::flannel::Backend as FlannelBackend;
use crate::engine::docker::network::{Driver, Ipv4Cidr};
use crate::engine::docker::ports::Proto;

/// The bridge a container's interface plugs into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Device {
    /// A Linux device (`docker0`, `br-…`, `vEthernet (nat)`), or the network's name when it
    /// has none.
    Named(String),
    /// The bridge inside an overlay's namespace, which has no device on the host.
    OverlayBr0 { network: String },
}

/// Which of Weave's two datapaths carries a packet between routers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeaveDatapath {
    /// The kernel's VXLAN on 6784/udp.
    Fast,
    /// The router's own UDP encapsulation on 6783/udp, when the fast datapath is blocked.
    Sleeve,
}

/// What one hop of a packet's path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HopKind {
    /// The sending container, in its own network namespace or the host's (`--network host`).
    Sender {
        container: String,
        host_network: bool,
    },
    /// The sending host's own shell.
    SenderHost { host: String },
    /// The loopback interface.
    Loopback,
    /// Pipework's macvlan on the host's eth0.
    PipeworkMacvlan { interface: String },
    /// Pipework's veth into a host Linux bridge.
    PipeworkVeth { interface: String, bridge: String },
    /// The container that answers for an address pipework gave; `others` more claim it.
    PipeworkTarget {
        container: String,
        ip: Ipv4Addr,
        bridge: String,
        others: u32,
    },
    /// A container's veth into its network's bridge.
    VethToBridge { interface: String, device: Device },
    /// The bridge's own address: the host answers.
    BridgeGateway { device: Device, ip: Ipv4Addr },
    /// A bridge of the host, reached from the host's own namespace.
    HostBridge { device: String },
    /// IPVS in the sender's namespace turns a service's VIP into a task.
    Ipvs {
        vip: Ipv4Addr,
        service: String,
        task: String,
    },
    /// A container on a network of this host.
    Container { container: String, network: String },
    /// Out through the interface's default gateway.
    ToGateway {
        interface: String,
        gateway: Ipv4Addr,
    },
    /// dockerd's DOCKER-ISOLATION rules between two of its networks.
    Isolation { from: String, to: String },
    /// MASQUERADE onto the host's eth0.
    MasqueradeToEth0 { ip: Ipv4Addr },
    /// MASQUERADE out to the internet.
    MasqueradeToInternet,
    /// The host's eth0, leaving it.
    Eth0 { ip: Ipv4Addr },
    /// The host's default route to the internet.
    DefaultRoute,
    /// The lab's underlay network.
    Underlay { network: Option<Ipv4Cidr> },
    /// A host's eth0 on the underlay.
    HostEth0 { host: String, ip: Ipv4Addr },
    /// The underlay's router.
    UnderlayRouter { ip: Ipv4Addr },
    /// A host's eth0 with a switch (macvlan, transparent, l2bridge) that puts a network on
    /// the LAN.
    LanSwitch {
        host: String,
        driver: Driver,
        network: String,
    },
    /// A container on the LAN through such a switch.
    LanContainer {
        container: String,
        driver: Driver,
        host: String,
    },
    /// VirtualBox's host-only network, from the laptop.
    HostOnly { gateway: Ipv4Addr },
    /// A docker-machine VM on the host-only network.
    HostOnlyVm { vm: String, ip: Ipv4Addr },
    /// An overlay's VXLAN tunnel, leaving the sender's node.
    VxlanEncap {
        vni: String,
        from: Ipv4Addr,
        to: Ipv4Addr,
    },
    /// The far node takes the VXLAN header off.
    VxlanDecap { host: String, vni: String },
    /// A container on an overlay, on another node.
    RemoteContainer {
        container: String,
        network: String,
        host: String,
    },
    /// An interface into the weave bridge.
    WeaveBridge { interface: String },
    /// A host's Weave router.
    WeaveRouter { host: String },
    /// From router to router across the underlay.
    WeaveTunnel {
        from: Ipv4Addr,
        to: Ipv4Addr,
        datapath: WeaveDatapath,
    },
    /// The weave bridge of the far host.
    WeaveBridgeOn { host: String },
    /// A container on the weave network.
    WeaveContainer {
        container: String,
        ip: Ipv4Addr,
        host: String,
    },
    /// Flannel's device, when no host holds the lease.
    FlannelDevice { backend: FlannelBackend },
    /// Out through flannel's backend to the host that holds the lease.
    FlannelOut {
        backend: FlannelBackend,
        from: Ipv4Addr,
        to: Ipv4Addr,
    },
    /// A host's docker0.
    Docker0 { host: String },
    /// A container on the far host's docker0, through flannel.
    FlannelContainer { container: String, host: String },
    /// Triton: the data center's external network carries a packet from the internet.
    TritonExternal { host: String, network: String },
    /// Triton: a container at its own public IP.
    TritonPublicIp { container: String, ip: Ipv4Addr },
}

/// Why a packet, or a connection, stops on the way: the sender waits in vain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// Pipework gave the address to no running container.
    PipeworkNobody {
        bridge: String,
        ip: Ipv4Addr,
    },
    /// A service has no task behind its VIP.
    NoTask {
        service: String,
        vip: Ipv4Addr,
    },
    /// A task without an address yet.
    NoAddress {
        container: String,
    },
    /// Nobody has the address on a network.
    NoContainer {
        ip: Ipv4Addr,
        network: String,
    },
    Paused {
        container: String,
    },
    NotRunning {
        container: String,
    },
    /// The bridge's `enable_icc=false`.
    IccOff {
        network: String,
    },
    /// An `--internal` network.
    Internal {
        network: String,
    },
    /// DOCKER-ISOLATION: the address is on another network.
    Isolated {
        ip: Ipv4Addr,
        network: String,
        container: String,
    },
    NothingAnswers {
        ip: Ipv4Addr,
    },
    NothingAnswersOn {
        ip: Ipv4Addr,
        host: String,
    },
    /// Triton: the fabric is private to the account's containers.
    TritonFabric {
        ip: Ipv4Addr,
        network: String,
    },
    /// Macvlan keeps a container and its own host apart.
    MacvlanOwnHost {
        container: String,
        host: String,
    },
    /// …in both directions.
    OwnMacvlan {
        host: String,
    },
    NoVm {
        laptop: String,
        ip: Ipv4Addr,
    },
    VmStopped {
        vm: String,
    },
    /// A firewall drops swarm gossip (7946).
    Gossip {
        host: String,
        proto: Proto,
        other: String,
    },
    /// A firewall drops VXLAN (4789/udp) towards `host`, or its replies to `peer`.
    Vxlan {
        host: String,
        replies_from: Option<String>,
    },
    NoWeaveOwner {
        ip: Ipv4Addr,
    },
    NoWeaveRouter {
        host: String,
    },
    WeaveNotConnected {
        from: String,
        to: String,
    },
    WeaveBlocked,
    NoFlannelLease {
        ip: Ipv4Addr,
    },
    /// A firewall drops flannel's UDP port, towards the far host or for its replies.
    Flannel {
        host: String,
        port: u16,
        replies: bool,
    },
    /// The far host's docker0 is not on its flannel lease.
    Docker0OffLease {
        host: String,
        subnet: Option<Ipv4Cidr>,
    },
    NoUnderlayHost {
        ip: Ipv4Addr,
    },
    PoweredOff {
        host: String,
    },
    NoHost {
        host: String,
    },
    /// A host's firewall (the lab's, on the underlay).
    Firewall {
        host: String,
        proto: Proto,
        port: u16,
    },
    /// A rule of the host's DOCKER-USER chain (its target: DROP, REJECT).
    DockerUser {
        host: String,
        target: String,
    },
    Ufw {
        host: String,
        proto: Proto,
        port: u16,
    },
    /// Triton's Cloud Firewall opens only published ports.
    CloudFirewall {
        container: String,
        proto: Proto,
        port: u16,
    },
}

/// What a hop touches in the picture, so the topology can light the path up hop by hop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Container {
        host: String,
        name: String,
    },
    Network {
        host: String,
        name: String,
    },
    /// A host's underlay interface.
    Eth0 {
        host: String,
    },
    Underlay,
    /// An overlay's VXLAN tunnel between hosts.
    Tunnel {
        network: String,
    },
}

/// The header a tunnel puts around the container's packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tunnel {
    /// A swarm overlay's VXLAN, with its VNI.
    Vxlan {
        vni: String,
    },
    Weave(WeaveDatapath),
    Flannel(FlannelBackend),
}

/// The outer packet a tunnel wraps the container's packet in, from host to host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encapsulation {
    pub tunnel: Tunnel,
    pub outer_source: Ipv4Addr,
    pub outer_destination: Ipv4Addr,
    /// The UDP port the outer packet goes to.
    pub port: u16,
}

/// One hop of a packet's path: what it is, and what it touches in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub kind: HopKind,
    pub mark: Option<Mark>,
    /// The packet travels wrapped in another one here (VXLAN, Weave, flannel).
    pub encapsulation: Option<Encapsulation>,
    /// A router forwards the packet here, taking one off its TTL: what `traceroute` lists.
    pub router: Option<Ipv4Addr>,
}

impl Hop {
    /// A hop the picture lights.
    pub fn at(mark: Mark, kind: HopKind) -> Hop {
        Hop {
            kind,
            mark: Some(mark),
            encapsulation: None,
            router: None,
        }
    }

    /// The same hop, made by a router at `ip`.
    pub fn routed(mut self, ip: Ipv4Addr) -> Hop {
        self.router = Some(ip);
        self
    }

    /// The same hop, made inside a tunnel.
    pub fn wrapped(mut self, encapsulation: &Encapsulation) -> Hop {
        self.encapsulation = Some(encapsulation.clone());
        self
    }
}

impl From<HopKind> for Hop {
    /// A hop the picture does not light.
    fn from(kind: HopKind) -> Hop {
        Hop {
            kind,
            mark: None,
            encapsulation: None,
            router: None,
        }
    }
}
