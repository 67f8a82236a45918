//! iproute2's `ss` (`-t`, `-u`, `-l`, `-a`, `-n`, `-p`, and their bundles: `-tlnp`,
//! `-tuln`) over the listening sockets `netstat.rs` gathers: on a lab host (Ubuntu ships
//! iproute2 6.1) and in a Debian (6.15), Ubuntu (6.1) or Alpine (6.15) container once
//! `iproute2` is installed; [`Release`] says what changed between them.
//!
//! Layout: iproute2 6.x `misc/ss.c`. Each field is buffered, then `render()` lays the columns
//! out (`render_calc_width`): every column as wide as its widest field plus its left
//! delimiter; on a terminal the spare width of the screen is shared among the columns of a
//! line, while a pipe or a `docker exec` without `-t` (no terminal, no `COLUMNS`) gets the
//! compact form, the last visible column unpadded. `Netid` shows only when more than one
//! protocol is asked for, `State` only when more than one state is (not with `-l`),
//! `Process` only with `-p`; `Recv-Q` and `Send-Q` are `%-6d`. Addresses are right-aligned
//! up to their `:`, ports left-aligned after it; an IPv6 wildcard is `[::]` on a v6-only
//! socket and `*` on a dual-stack one (`inet_addr_print`).
//!
//! A listening socket's `Send-Q` is its backlog: Go's (dockerd, docker-proxy) is the
//! kernel's `somaxconn`, 4096; nginx, redis and httpd ask for 511, sshd for 128, PostgreSQL
//! for twice `max_connections` (200). Berth's terminal is 80 columns wide, as
//! `cli::commands::image_ls` assumes.
//!
//! Not simulated: connected sockets (none exist), UNIX and other families (`-x`, `-w`), the
//! filters (`state …`, `sport = :80`), `-e`, `-i`, `-m`, `-s`; each says so.

use super::netstat::{Listener, Proto};
use crate::cli::Output;

/// Berth's terminal width.
const SCREEN: usize = 80;

/// Which iproute2: the layout changed in 6.8 (commit 84c45b8a, "ss: prevent \"Process\"
/// column from being printed unless requested") and `render()` stopped padding the last
/// visible column of the compact form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// 6.1 (Ubuntu 24.04's 6.1.0-1ubuntu6: the lab hosts and Ubuntu containers): the
    /// `Process` column always shows, empty without `-p` (hence `Peer Address:PortProcess`
    /// on a pipe), and every column is padded.
    V6_1,
    /// 6.15 (Debian 13, Alpine 3.22): `Process` only with `-p`.
    V6_15,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// `columns[]` of ss.c: alignment, header, left delimiter.
const COLUMNS: [(Align, &str, &str); 10] = [
    (Align::Left, "Netid", ""),
    (Align::Left, "State", " "),
    (Align::Left, "Recv-Q", " "),
    (Align::Left, "Send-Q", " "),
    (Align::Right, "Local Address:", " "),
    (Align::Left, "Port", ""),
    (Align::Right, "Peer Address:", " "),
    (Align::Left, "Port", ""),
    (Align::Left, "Process", ""),
    (Align::Left, "", ""),
];

/// The backlog a server asks `listen()` for, which `ss` shows as a listener's Send-Q.
fn backlog(l: &Listener) -> u32 {
    match l.comm.as_str() {
        "dockerd" | "docker-proxy" => 4096,
        "sshd" => 128,
        "postgres" => 200,
        _ => 511,
    }
}

/// Whether an IPv6 wildcard socket also takes IPv4 (no `IPV6_V6ONLY`): httpd's one `Listen
/// 80` socket and Go's listener on an empty host; nginx, redis, PostgreSQL, sshd and
/// docker-proxy bind each family on its own.
fn dual_stack(l: &Listener) -> bool {
    l.v6 && matches!(l.comm.as_str(), "httpd" | "dockerd")
}

/// `ss ARGS…` over `listeners`; `terminal` when the output is a terminal.
pub fn ss(listeners: &[Listener], args: &[&str], terminal: bool, release: Release) -> Output {
    let (mut tcp, mut udp, mut listening, mut all, mut numeric, mut processes) =
        (false, false, false, false, false, false);
    for a in args {
        let long = match *a {
            "--tcp" => Some('t'),
            "--udp" => Some('u'),
            "--listening" => Some('l'),
            "--all" => Some('a'),
            "--numeric" => Some('n'),
            "--processes" => Some('p'),
            _ => None,
        };
        let flags: Vec<char> = match long {
            Some(c) => vec![c],
            None => match a
                .strip_prefix('-')
                .filter(|f| !f.is_empty() && !f.starts_with('-'))
            {
                Some(f) => f.chars().collect(),
                None => return super::not_simulated("ss", a),
            },
        };
        for f in flags {
            match f {
                't' => tcp = true,
                'u' => udp = true,
                'l' => listening = true,
                'a' => all = true,
                'n' => numeric = true,
                'p' => processes = true,
                other => return super::not_simulated("ss", &format!("-{other}")),
            }
        }
    }
    if !tcp && !udp {
        // ss's default: every family; Berth has only Internet sockets.
        tcp = true;
        udp = true;
    }
    let mut enabled = [true; 10];
    // More than one protocol: the Netid column. `-l` asks for two states (LISTEN, and UNCONN
    // for UDP), `-a` for all, the default for the connected ones: State always shows.
    enabled[0] = tcp && udp;
    enabled[8] = processes || release == Release::V6_1;
    let mut rows: Vec<[String; 10]> = vec![COLUMNS.map(|(_, header, _)| header.to_string())];
    // Without -l or -a ss lists connected sockets only: Berth has none.
    if listening || all {
        for (proto, wanted) in [(Proto::Tcp, tcp), (Proto::Udp, udp)] {
            for l in listeners.iter().filter(|l| wanted && l.proto == proto) {
                let mut r = row(l, numeric);
                if !processes {
                    if let Some(users) = r.get_mut(8) {
                        users.clear();
                    }
                }
                rows.push(r);
            }
        }
    }
    let mut o = Output::default();
    let pad_last = release == Release::V6_1;
    for line in render(&rows, &enabled, terminal.then_some(SCREEN), pad_last) {
        o.out(line);
    }
    o
}

/// One socket's fields.
fn row(l: &Listener, numeric: bool) -> [String; 10] {
    let (netid, state) = match l.proto {
        Proto::Tcp => ("tcp", "LISTEN"),
        Proto::Udp => ("udp", "UNCONN"),
    };
    let addr = if !l.v6 {
        l.addr.clone()
    } else if dual_stack(l) && l.addr == "::" {
        "*".to_string()
    } else {
        format!("[{}]", l.addr)
    };
    let port = match (numeric, super::netstat::service_name(l.port)) {
        (false, Some(name)) => name.to_string(),
        _ => l.port.to_string(),
    };
    let peer = if l.v6 {
        if dual_stack(l) {
            "*"
        } else {
            "[::]"
        }
    } else {
        "0.0.0.0"
    };
    let send_q = if l.proto == Proto::Tcp { backlog(l) } else { 0 };
    [
        netid.to_string(),
        state.to_string(),
        format!("{:<6}", 0),
        format!("{send_q:<6}"),
        format!("{addr}:"),
        port,
        format!("{peer}:"),
        "*".to_string(),
        // Every process that holds the socket (nginx's workers share their master's), as
        // ss finds them: its per-socket list is built by prepending, so the last PID of
        // /proc's ascending walk comes first.
        format!(
            " users:({})",
            l.holders()
                .iter()
                .rev()
                .map(|pid| format!("(\"{}\",pid={pid},fd={})", l.comm, l.fd))
                .collect::<Vec<_>>()
                .join(",")
        ),
        String::new(),
    ]
}

/// `render_calc_width` and `render`: the lines, for a screen `width` columns wide (`None`:
/// not a terminal, the compact form, whose last visible column 6.8 and later leave
/// unpadded unless `pad_last`).
fn render(
    rows: &[[String; 10]],
    enabled: &[bool; 10],
    width: Option<usize>,
    pad_last: bool,
) -> Vec<String> {
    let screen = width.unwrap_or(usize::MAX);
    // First pass: each column as wide as its widest field, plus its delimiter.
    let mut widths = [0usize; 10];
    let mut first = true;
    for (i, w) in widths.iter_mut().enumerate() {
        if !enabled.get(i).copied().unwrap_or(false) {
            continue;
        }
        let max_len = rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(String::len)
            .max()
            .unwrap_or(0);
        let delim = COLUMNS.get(i).map_or(0, |c| c.2.len());
        *w = if !first && max_len > 0 {
            max_len + delim
        } else {
            max_len
        }
        .min(screen);
        if *w > 0 {
            first = false;
        }
    }
    if width.is_some() {
        spread(&mut widths, screen);
    }
    let last_visible = (0..9)
        .rev()
        .find(|&i| enabled.get(i).copied().unwrap_or(false));
    let mut lines = Vec::new();
    for r in rows {
        let mut line = String::new();
        let mut started = false;
        for (i, field) in r.iter().enumerate() {
            if !enabled.get(i).copied().unwrap_or(false) && i != 9 {
                continue;
            }
            let (align, _, delim) = COLUMNS.get(i).copied().unwrap_or((Align::Left, "", ""));
            let w = widths.get(i).copied().unwrap_or(0);
            let mut printed = 0;
            if started {
                line.push_str(delim);
                printed = delim.len();
            }
            started = true;
            if w > 0 && align == Align::Right {
                let s = w.saturating_sub(field.len() + printed);
                line.push_str(&" ".repeat(s));
                printed += s;
            }
            line.push_str(field);
            printed += field.len();
            let compact_last = width.is_none() && Some(i) == last_visible && !pad_last;
            if w > 0 && align != Align::Right && !compact_last {
                line.push_str(&" ".repeat(w.saturating_sub(printed)));
            }
        }
        lines.push(line);
    }
    lines
}

/// The second pass of `render_calc_width`: columns that fit on a line share the rest of the
/// screen, the rightmost ones taking the remainder first.
fn spread(widths: &mut [usize; 10], screen: usize) {
    let mut len = 0;
    let mut linecols = 0;
    let mut eol: Option<usize> = None;
    let mut c = 0;
    while c < widths.len() {
        let w = widths.get(c).copied().unwrap_or(0);
        if w == 0 {
            c += 1;
            continue;
        }
        linecols += 1;
        len += w;
        let last = !widths.iter().skip(c + 1).any(|&x| x > 0);
        if !last && len < screen {
            c += 1;
            continue;
        }
        if len != screen {
            let mut end = c;
            if len > screen && linecols > 1 {
                // Screen width exceeded: the column starts the next line.
                len -= w;
                linecols -= 1;
                end = c - 1;
            }
            let pad = screen.saturating_sub(len);
            let spacing = pad / linecols.max(1);
            let mut rem = pad % linecols.max(1);
            let start = eol.map_or(0, |e| e + 1);
            for tmp in (start..=end).rev() {
                if let Some(x) = widths.get_mut(tmp).filter(|x| **x > 0) {
                    *x += spacing;
                    if rem > 0 {
                        *x += 1;
                        rem -= 1;
                    }
                }
            }
            c = end;
        }
        eol = Some(c);
        len = 0;
        linecols = 0;
        c += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxy(v6: bool) -> Listener {
        Listener {
            proto: Proto::Tcp,
            v6,
            addr: if v6 { "::".into() } else { "0.0.0.0".into() },
            port: 8080,
            pid: 1234,
            cmdline: "/usr/bin/docker-proxy".into(),
            comm: "docker-proxy".into(),
            fd: 7,
            workers: Vec::new(),
        }
    }

    #[test]
    fn a_pipe_gets_the_compact_form() {
        let o = ss(
            &[proxy(false), proxy(true)],
            &["-tln"],
            false,
            Release::V6_15,
        );
        let text: Vec<&str> = o.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            text,
            [
                "State  Recv-Q Send-Q Local Address:Port Peer Address:Port",
                "LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*",
                "LISTEN 0      4096            [::]:8080         [::]:*",
            ]
        );
        // iproute2 6.1 keeps an empty Process column and pads every column.
        let o = ss(&[proxy(false)], &["-tln"], false, Release::V6_1);
        let text: Vec<&str> = o.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            text,
            [
                "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*          ",
            ]
        );
    }
}
