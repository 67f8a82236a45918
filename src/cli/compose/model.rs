//! The Compose model: a project (its name, folder, services, networks and volumes) as
//! compose-go's `types.Project` holds it after loading, reduced to the keys Berth simulates.
//!
//! Rules: a model is built only by [`super::loader`], from a document that passed its checks,
//! so every value here is already valid (a port is a number, a condition one of the three).
//! Maps are `BTreeMap`s: compose-go sorts services, networks and volumes by name when it
//! prints them, and so does `docker compose config`.
//!
//! Not simulated (the loader accepts the key and `up` says so in a `berth:` line): deploy,
//! profiles, secrets, configs, extends, include, develop, logging, ulimits.

use std::collections::BTreeMap;

/// `depends_on`'s condition (compose-spec `depends_on` long syntax).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    ServiceStarted,
    ServiceHealthy,
    ServiceCompletedSuccessfully,
}

impl Condition {
    pub fn parse(text: &str) -> Option<Condition> {
        match text {
            "service_started" => Some(Condition::ServiceStarted),
            "service_healthy" => Some(Condition::ServiceHealthy),
            "service_completed_successfully" => Some(Condition::ServiceCompletedSuccessfully),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Condition::ServiceStarted => "service_started",
            Condition::ServiceHealthy => "service_healthy",
            Condition::ServiceCompletedSuccessfully => "service_completed_successfully",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub condition: Condition,
    pub restart: bool,
    pub required: bool,
}

/// One `ports:` entry in compose-go's long form (`ServicePortConfig`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    pub host_ip: Option<String>,
    pub target: u16,
    /// Empty: an ephemeral host port.
    pub published: Option<String>,
    pub protocol: String,
}

/// One `volumes:` entry of a service (`ServiceVolumeConfig`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceVolume {
    /// `volume` or `bind`.
    pub kind: VolumeKind,
    /// The volume's key in the project, or the bind's absolute host path; `None`: anonymous.
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeKind {
    Volume,
    Bind,
}

impl VolumeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeKind::Volume => "volume",
            VolumeKind::Bind => "bind",
        }
    }
}

/// A service's attachment to one project network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceNetwork {
    pub aliases: Vec<String>,
    pub ipv4_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Healthcheck {
    pub test: Vec<String>,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub retries: Option<u64>,
    pub start_period: Option<String>,
    pub disable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// Absolute: the project folder joined with `context`.
    pub context: String,
    pub dockerfile: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub image: Option<String>,
    pub build: Option<Build>,
    pub container_name: Option<String>,
    /// Already split into words, as compose-go does for the string form (go-shellwords).
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// `None`: a variable named without a value and not set in the environment.
    pub environment: BTreeMap<String, Option<String>>,
    /// Absolute paths of `env_file`, already merged into `environment`.
    pub env_files: Vec<String>,
    pub ports: Vec<Port>,
    pub expose: Vec<String>,
    /// The project networks joined, by key; `default` when the file names none.
    pub networks: BTreeMap<String, ServiceNetwork>,
    pub depends_on: BTreeMap<String, Dependency>,
    pub volumes: Vec<ServiceVolume>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub hostname: Option<String>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    pub stdin_open: bool,
    pub tty: bool,
    /// Keys the loader accepted but Berth does not simulate (`deploy`, `logging`…).
    pub ignored: Vec<String>,
}

impl Service {
    pub fn new(name: &str) -> Service {
        Service {
            name: name.to_string(),
            image: None,
            build: None,
            container_name: None,
            command: None,
            entrypoint: None,
            environment: BTreeMap::new(),
            env_files: Vec::new(),
            ports: Vec::new(),
            expose: Vec::new(),
            networks: BTreeMap::new(),
            depends_on: BTreeMap::new(),
            volumes: Vec::new(),
            healthcheck: None,
            restart: None,
            labels: BTreeMap::new(),
            hostname: None,
            user: None,
            working_dir: None,
            stdin_open: false,
            tty: false,
            ignored: Vec::new(),
        }
    }

    /// The image a container of this service runs: `image:`, else compose's name for a
    /// built one, `<project>-<service>`.
    pub fn image_name(&self, project: &str) -> String {
        match &self.image {
            Some(image) => image.clone(),
            None => format!("{project}-{}", self.name),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpamPool {
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub ip_range: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkConfig {
    /// The engine's name: `<project>_<key>` unless `name:` or `external` says otherwise.
    pub name: String,
    pub driver: Option<String>,
    pub driver_opts: BTreeMap<String, String>,
    pub ipam: Vec<IpamPool>,
    pub external: bool,
    pub internal: bool,
    pub attachable: bool,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VolumeConfig {
    /// The engine's name: `<project>_<key>` unless `name:` or `external` says otherwise.
    pub name: String,
    pub driver: Option<String>,
    pub external: bool,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    /// The project folder: where relative paths start.
    pub working_dir: String,
    /// Absolute paths of the files loaded.
    pub config_files: Vec<String>,
    pub services: BTreeMap<String, Service>,
    pub networks: BTreeMap<String, NetworkConfig>,
    pub volumes: BTreeMap<String, VolumeConfig>,
    /// `WARN[0000] …` lines the loader printed (unset variables, `version`).
    pub warnings: Vec<String>,
}

impl Project {
    /// Services in the order `up` starts them: each after what it depends on, ties by name
    /// (compose's `InDependencyOrder` walks the graph; a cycle was refused by the loader).
    pub fn start_order(&self) -> Vec<&Service> {
        let mut done: Vec<&str> = Vec::new();
        let mut order = Vec::new();
        // At most one service joins per pass: the loop is bounded by the number of services.
        for _ in 0..self.services.len() {
            let next = self.services.values().find(|s| {
                !done.contains(&s.name.as_str())
                    && s.depends_on
                        .keys()
                        .all(|d| done.contains(&d.as_str()) || !self.services.contains_key(d))
            });
            match next {
                Some(s) => {
                    done.push(&s.name);
                    order.push(s);
                }
                None => break,
            }
        }
        order
    }

    /// The services named on the command line and what they depend on, in start order; all
    /// when none is named.
    pub fn selected(&self, names: &[String]) -> Vec<&Service> {
        if names.is_empty() {
            return self.start_order();
        }
        let mut wanted: Vec<&str> = names.iter().map(String::as_str).collect();
        // Each pass adds dependencies; bounded by the number of services.
        for _ in 0..self.services.len() {
            let more: Vec<&str> = wanted
                .iter()
                .filter_map(|n| self.services.get(*n))
                .flat_map(|s| s.depends_on.keys().map(String::as_str))
                .filter(|d| !wanted.contains(d))
                .collect();
            if more.is_empty() {
                break;
            }
            wanted.extend(more);
        }
        self.start_order()
            .into_iter()
            .filter(|s| wanted.contains(&s.name.as_str()))
            .collect()
    }

    /// The name of the container `number` of a service: `container_name`, else
    /// `<project>-<service>-<n>` (compose's `getContainerName`, separator `-` since v2).
    pub fn container_name(&self, service: &Service, number: u32) -> String {
        match &service.container_name {
            Some(name) => name.clone(),
            None => format!("{}-{}-{number}", self.name, service.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(deps: &[(&str, &[&str])]) -> Project {
        let mut services = BTreeMap::new();
        for (name, on) in deps {
            let mut s = Service::new(name);
            for d in *on {
                s.depends_on.insert(
                    d.to_string(),
                    Dependency {
                        condition: Condition::ServiceStarted,
                        restart: false,
                        required: true,
                    },
                );
            }
            services.insert(name.to_string(), s);
        }
        Project {
            name: "app".into(),
            working_dir: "/root".into(),
            config_files: Vec::new(),
            services,
            networks: BTreeMap::new(),
            volumes: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn dependencies_start_first_and_come_along_when_selected() {
        let p = project(&[
            ("web", &["api"]),
            ("api", &["db"]),
            ("db", &[]),
            ("cache", &[]),
        ]);
        let names = |v: Vec<&Service>| v.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(p.start_order()), ["cache", "db", "api", "web"]);
        assert_eq!(names(p.selected(&["web".into()])), ["db", "api", "web"]);
        let web = p.services.get("web").map(|s| p.container_name(s, 1));
        assert_eq!(web.as_deref(), Some("app-web-1"));
    }
}
