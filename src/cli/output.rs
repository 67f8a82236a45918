//! What a command gives back to the terminal: the lines it wrote on stdout and stderr, its
//! exit status, and what the session should do next (open or leave a shell, clear the screen,
//! animate a packet's path). Every command, Docker's and the tools', returns an [`Output`].

/// Which stream a line was written to. The terminal shows both; stderr is styled apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub stream: Stream,
    pub text: String,
}

/// Everything one command printed, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    pub lines: Vec<Line>,
    pub exit_code: i32,
    /// The command asked the terminal to clear its screen (`clear`).
    pub clear: bool,
    /// An interactive shell opened in a container (`docker run -it`, `docker exec -it`,
    /// `docker attach`): the session now reads lines for it.
    pub enter_shell: Option<Box<EnterShell>>,
    /// `exit` in a container's shell: the session goes back to the shell below.
    pub exit_shell: bool,
    /// `ssh HOST`: the session opens a shell on that host.
    pub enter_host: Option<String>,
    /// The packet path a `ping` or `trace` followed, for the picture to animate.
    pub path: Option<Box<crate::cli::render::path::PathShown>>,
    /// The command keeps running in the foreground (`docker run` attached, `logs -f`,
    /// `stats`, `events`): the session polls it each tick and ends it on Ctrl-C.
    pub follow: Option<Box<crate::cli::follow::Follow>>,
    /// `nano FILE`: a file for the front-end's editor to open.
    pub edit: Option<Box<crate::cli::tools::editor::EditRequest>>,
    /// `curl -o FILE`, `wget`: a file for the shell to write `(path, text)`, as the program
    /// would through its own file descriptor.
    pub save: Option<Box<(String, String)>>,
}

/// A shell the session should open in a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterShell {
    pub container_id: String,
    /// `sh`, `ash` or `bash`.
    pub shell: String,
    /// The shell is the container's main process (`run -it`, `attach`): leaving it stops the
    /// container. An `exec` shell is not.
    pub main_process: bool,
    /// The prompt the shell prints.
    pub prompt: String,
    /// `docker exec -u USER`: the shell's user, when not the container's.
    pub user: Option<String>,
    /// `docker exec -w DIR`: where the shell starts, when not the container's `WorkingDir`.
    pub workdir: Option<String>,
}

impl Output {
    /// Drops every request to move the terminal (open or leave a shell, ssh, keep running in
    /// the foreground): for a command substitution, a subshell or a compound command's body,
    /// whose output is consumed where it runs.
    pub fn stay_in_terminal(&mut self) {
        self.enter_shell = None;
        self.exit_shell = false;
        self.enter_host = None;
        self.follow = None;
        self.edit = None;
    }

    /// The terminal moved (a container shell opened or closed, an ssh, a command that keeps
    /// running in the foreground): what follows in a list would run elsewhere, so it stops.
    pub fn moves_terminal(&self) -> bool {
        self.exit_shell
            || self.enter_shell.is_some()
            || self.enter_host.is_some()
            || self.follow.is_some()
            || self.edit.is_some()
    }

    pub fn out(&mut self, text: impl Into<String>) {
        for line in text.into().split('\n') {
            self.lines.push(Line {
                stream: Stream::Stdout,
                text: line.to_string(),
            });
        }
    }

    pub fn err(&mut self, text: impl Into<String>) {
        for line in text.into().split('\n') {
            self.lines.push(Line {
                stream: Stream::Stderr,
                text: line.to_string(),
            });
        }
    }

    pub fn failed(text: impl Into<String>, exit_code: i32) -> Output {
        let mut o = Output::default();
        o.err(text);
        o.exit_code = exit_code;
        o
    }
}
