//! The trees themselves: each base image's real top-level layout and the files people `cat`,
//! then each image's own files. Texts are the images' own, with their source next to each:
//! Alpine's `alpine-baselayout`, Debian's `base-passwd` and `base-files`, Ubuntu's
//! `base-files`, nginx's packaging (`nginx/pkg-oss`) and Docker image (`nginx/docker-nginx`,
//! `mainline/debian/`), httpd's (`docker-library/httpd`, and Apache's own
//! `docs/conf/httpd.conf.in`), Fedora's `fedora-release` and dnf5. Longer texts live in
//! `data/`, copied unchanged (httpd.conf as the image's `sed` leaves it, its generated
//! LoadModule lines left out and marked).
//!
//! Size: the trees' texts were about 11 KB gzip; the Debian sources, the host's os-release,
//! the Fedora tree and httpd.conf (5.3 KB of it) bring this file and `data/` from 13.5 to
//! 20.0 KB gzip (`cat trees.rs data/*/* | gzip -9`, not measured in the wasm). The whole file-system work (trees, tools,
//! `docker cp`/`diff`, the working directory) adds 51.6 KB gzip to `berth-web.wasm`
//! (1,097,091 → 1,148,707 bytes, `cargo build --release --target wasm32-unknown-unknown`,
//! `gzip -9`).
//!
//! Not simulated: the full list of every package's files. Each `bin` directory lists the
//! programs a learner would look for (coreutils, busybox's applets, the image's server); the
//! rest of `/usr` and `/var` is the directories only.

use super::Tree;
use crate::engine::clock::EPOCH_UNIX;

const DAY: u64 = 86_400;

// ── Alpine 3.22 (alpine-baselayout 3.7, busybox 1.37) ──

const ALPINE_DIRS: &str = "/bin\n/dev\n/etc/apk/keys\n/etc/crontabs\n/etc/init.d\n/etc/modprobe.d
/etc/network/if-up.d\n/etc/opt\n/etc/periodic/daily\n/etc/periodic/hourly\n/etc/periodic/monthly
/etc/periodic/weekly\n/etc/profile.d\n/etc/ssl/certs\n/etc/sysctl.d\n/home\n/lib/apk/db
/lib/firmware\n/lib/modules-load.d\n/media/cdrom\n/media/floppy\n/media/usb\n/mnt\n/opt
/proc 555\n/proc/1 555\n/proc/net 555\n/root 700\n/run\n/sbin\n/srv\n/sys 555\n/tmp 1777
/usr/bin\n/usr/lib\n/usr/local/bin\n/usr/local/lib\n/usr/local/share\n/usr/sbin\n/usr/share/apk
/usr/share/man\n/usr/share/misc\n/var/cache/apk\n/var/empty\n/var/lib/misc\n/var/local
/var/lock/subsys\n/var/log\n/var/mail\n/var/opt\n/var/spool/cron\n/var/tmp 1777";

/// alpine-baselayout's `/etc/passwd`.
macro_rules! alpine_passwd {
    () => {
        "root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
"
    };
}

/// alpine-baselayout's `/etc/group`.
macro_rules! alpine_group {
    () => {
        "root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
"
    };
}

/// The files the engine answers from its state: listed so `ls /etc` shows them; their text
/// comes from the engine (`cli` reads them through the existing tools).
const SPECIAL: [(&str, &str); 4] = [
    ("/etc/hostname", ""),
    ("/etc/hosts", ""),
    ("/etc/resolv.conf", ""),
    ("/proc/1/cgroup", ""),
];

const ALPINE_FILES: &[(&str, &str)] = &[
    SPECIAL[0],
    SPECIAL[1],
    SPECIAL[2],
    SPECIAL[3],
    // The release's own files (`/etc/os-release`, `/etc/alpine-release`, `/etc/issue`, apk's
    // repositories) are in `releases.rs`, one tree per release over this one.
    ("/etc/group", alpine_group!()),
    ("/etc/passwd", alpine_passwd!()),
    ("/etc/shells", "# valid login shells\n/bin/sh\n/bin/ash\n"),
];

/// busybox's applets as Alpine links them (`busybox --list-full`), by directory.
const ALPINE_LINKS: &[(&str, &str, &str)] = &[
    ("/bin", "arch ash base64 bbconfig cat chattr chgrp chmod chown cp date dd df dmesg dnsdomainname dumpkmap echo egrep false fatattr fdflush fgrep fsync getopt grep gunzip gzip hostname ionice iostat ipcalc kbd_mode kill link linux32 linux64 ln login ls lsattr lzop makemime mkdir mknod mktemp more mount mountpoint mpstat mv netstat nice pidof ping ping6 pipe_progress printenv ps pwd reformime rev rm rmdir run-parts sed setpriv setserial sh sleep stat stty su sync tar touch true umount uname usleep watch zcat", "/bin/busybox"),
    ("/sbin", "acpid adjtimex arp blkid blockdev depmod fbsplash fdisk findfs fsck fstrim getty halt hwclock ifconfig ifdown ifenslave ifup init insmod ip ipaddr iplink ipneigh iproute iprule iptunnel klogd loadkmap logread losetup lsmod mdev mkdosfs mkfs.vfat mkswap modinfo modprobe nameif nologin pivot_root poweroff raidautorun reboot rmmod route setconsole slattach swapoff swapon switch_root sysctl syslogd tunctl udhcpc vconfig watchdog", "/bin/busybox"),
    ("/usr/bin", "[ [[ awk basename bc beep blkdiscard bunzip2 bzcat bzip2 cal chvt cksum clear cmp comm cpio crontab cryptpw cut dc deallocvt diff dirname dos2unix du eject env expand expr factor fallocate find flock fold free fuser groups hd head hexdump hostid id install ipcrm ipcs killall last less logger lsof lsusb lzcat lzma lzopcat md5sum mesg microcom mkfifo mkpasswd nc nl nmeter nohup nproc nsenter nslookup od openvt passwd paste pgrep pkill pmap printf pscan pstree pwdx readlink realpath renice reset resize seq setkeycodes setsid sha1sum sha256sum sha3sum sha512sum showkey shred shuf sort split strings sum tac tail tee test time timeout top tr traceroute traceroute6 tree truncate tty ttysize udhcpc6 unexpand uniq unix2dos unlink unlzma unlzop unshare unxz unzip uptime uudecode uuencode vi vlock volname wc wget which who whoami whois xargs xxd xzcat yes", "/bin/busybox"),
    ("/usr/sbin", "addgroup adduser arping brctl chpasswd chroot crond delgroup deluser ether-wake fbset killall5 loadfont nanddump nandwrite nbd-client ntpd partprobe rdate readahead remove-shell rfkill sendmail setfont setlogcons", "/bin/busybox"),
];

const ALPINE_PROGRAMS: &[(&str, &str)] = &[
    ("/bin", "busybox"),
    ("/sbin", "apk ldconfig mkmntdirs"),
    ("/usr/bin", "getconf getent iconv ldd scanelf ssl_client"),
];

pub const ALPINE: Tree = Tree {
    dirs: ALPINE_DIRS,
    files: ALPINE_FILES,
    programs: ALPINE_PROGRAMS,
    links: ALPINE_LINKS,
    mtime: EPOCH_UNIX - 40 * DAY,
    owners: &[],
};

// ── busybox 1.37 (the `busybox` image: buildroot's skeleton, every applet a hard link) ──

pub const BUSYBOX: Tree = Tree {
    dirs: "/bin\n/dev\n/etc/network\n/home\n/lib\n/lib64\n/proc 555\n/proc/1 555\n/proc/net 555
/root 700\n/sys 555\n/tmp 1777\n/usr/sbin\n/var/spool/mail\n/var/www",
    files: &[
        SPECIAL[0],
        SPECIAL[1],
        SPECIAL[2],
        SPECIAL[3],
        // buildroot's system/skeleton/etc/group and passwd.
        (
            "/etc/group",
            "root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
",
        ),
        (
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
",
        ),
    ],
    programs: &[("/bin", "[ [[ acpid addgroup adduser adjtimex ar arch arp arping ash awk base32 base64 basename bc beep blkdiscard blkid blockdev bootchartd brctl bunzip2 bzcat bzip2 cal cat chattr chgrp chmod chown chpasswd chpst chroot chrt chvt cksum clear cmp comm cp cpio crond crontab cryptpw cut date dc dd deallocvt delgroup deluser depmod devmem df diff dirname dmesg dnsd dnsdomainname dos2unix du dumpkmap echo ed egrep eject env envdir envuidgid expand expr factor fallocate false fatattr fbset fdflush fdformat fdisk fgrep find findfs flock fold free fsck fstrim fsync ftpd ftpget ftpput fuser getopt getty grep groups gunzip gzip halt hd hdparm head hexdump hostid hostname httpd hwclock id ifconfig ifdown ifup inetd init insmod install ionice iostat ip ipcalc ipcrm ipcs kill killall killall5 klogd last less link linux32 linux64 ln loadfont loadkmap logger login logname losetup ls lsattr lsmod lsof lspci lsusb lzcat lzma lzop md5sum mdev mesg microcom mkdir mkdosfs mkfifo mkfs.ext2 mknod mkpasswd mkswap mktemp modinfo modprobe more mount mountpoint mpstat mv nameif nc netstat nice nl nohup nproc nslookup ntpd od openvt passwd paste patch pgrep pidof ping ping6 pivot_root pkill pmap poweroff printenv printf ps pscan pstree pwd pwdx readlink readprofile realpath reboot renice reset resize rev rm rmdir rmmod route rpm run-parts runsv runsvdir sed seq setarch setconsole setfont setkeycodes setlogcons setpriv setserial setsid sh sha1sum sha256sum sha3sum sha512sum shred shuf sleep sort split stat strings stty su sum sv svlogd swapoff swapon switch_root sync sysctl syslogd tac tail tar taskset tc tee telnet telnetd test tftp time timeout top touch tr traceroute traceroute6 tree true truncate tty ttysize tunctl udhcpc udhcpd uevent umount uname uniq unix2dos unlink unlzma unshare unxz unzip uptime usleep uudecode uuencode vconfig vi vlock watch watchdog wc wget which who whoami whois xargs xxd xz xzcat yes zcat")],
    links: &[],
    mtime: EPOCH_UNIX - 420 * DAY,
    owners: &[("/home", 65534, 65534)],
};

// ── Debian 13 (trixie), Ubuntu 24.04 (noble): merged /usr, coreutils ──

macro_rules! debian_dirs {
    () => {
        "/boot\n/dev\n/etc/apt/apt.conf.d\n/etc/apt/sources.list.d\n/etc/cron.d
/etc/cron.daily\n/etc/default\n/etc/dpkg\n/etc/init.d\n/etc/ld.so.conf.d\n/etc/opt\n/etc/profile.d
/etc/security\n/etc/skel\n/etc/systemd\n/etc/update-motd.d\n/home\n/media\n/mnt\n/opt\n/proc 555
/proc/1 555\n/proc/net 555\n/root 700\n/run/lock 1777\n/srv\n/sys 555\n/tmp 1777\n/usr/bin\n/usr/games
/usr/include\n/usr/lib/x86_64-linux-gnu\n/usr/lib64\n/usr/libexec\n/usr/local/bin\n/usr/local/etc
/usr/local/games\n/usr/local/include\n/usr/local/lib\n/usr/local/sbin\n/usr/local/share\n/usr/local/src
/usr/sbin\n/usr/share/doc\n/usr/share/man\n/usr/src\n/var/backups\n/var/cache/apt\n/var/lib/apt/lists
/var/lib/dpkg\n/var/lib/misc\n/var/local\n/var/log/apt\n/var/mail\n/var/opt\n/var/spool\n/var/tmp 1777"
    };
}

const DEBIAN_DIRS: &str = debian_dirs!();

/// Ubuntu's layout: Debian's, and the markers of its `/usr` merge.
const UBUNTU_DIRS: &str = concat!(
    "/bin.usr-is-merged\n/lib.usr-is-merged\n/sbin.usr-is-merged\n",
    debian_dirs!()
);

/// Debian's merged `/usr`: the old top-level directories are links.
const DEBIAN_LINKS: &[(&str, &str, &str)] = &[
    ("/", "bin", "usr/bin"),
    ("/", "lib", "usr/lib"),
    ("/", "lib64", "usr/lib64"),
    ("/", "sbin", "usr/sbin"),
    ("/usr/bin", "sh", "dash"),
    ("/usr/bin", "awk", "/etc/alternatives/awk"),
    ("/usr/bin", "pager", "/etc/alternatives/pager"),
];

/// What `ls /usr/bin` shows first in a slim image: coreutils, util-linux, dpkg and apt,
/// bash, dash, grep, sed, tar, gzip, findutils, diffutils, hostname, login, mawk.
const DEBIAN_PROGRAMS: &[(&str, &str)] = &[
    ("/usr/bin", "[ addpart apt apt-cache apt-cdrom apt-config apt-get apt-key apt-mark arch b2sum base32 base64 basename basenc bash bashbug cat chage chattr chcon chfn chgrp chmod choom chown chrt chsh cksum clear clear_console cmp comm cp csplit cut dash date dd debconf df diff diff3 dir dircolors dirname dmesg dnsdomainname domainname dpkg dpkg-deb dpkg-divert dpkg-query dpkg-split dpkg-statoverride dpkg-trigger du echo egrep env expand expiry expr factor fallocate false fgrep find findmnt flock fmt fold free getconf getent getopt gpasswd gpgv grep groups gunzip gzexe gzip hardlink head hostid hostname iconv id infocmp install ionice ipcmk ipcrm ipcs join kill last ldd link linux32 linux64 ln locale localedef logger login logname ls lsattr lsblk lscpu lsipc lslocks lslogins lsmem lsns mawk mcookie md5sum mesg mkdir mkfifo mknod mktemp more mount mountpoint mv namei nawk newgrp nice nl nohup nproc nsenter numfmt od passwd paste pathchk perl pidof pinky pr printenv printf prlimit ptx pwd rbash readlink realpath renice reset rev rm rmdir run-parts runcon sdiff sed seq setarch setpriv setsid setterm sg sha1sum sha224sum sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty su sum sync tabs tac tail tar taskset tee test tic timeout toe touch tput tr true truncate tset tsort tty tzselect umount uname uncompress unexpand uniq unlink unshare update-alternatives users vdir wall wc whereis which who whoami xargs yes zcat zcmp zdiff zegrep zfgrep zforce zgrep zless zmore znew"),
    ("/usr/sbin", "add-shell addgroup adduser agetty badblocks blkdiscard blkid blockdev chgpasswd chmem chpasswd chroot cpgr cppw ctrlaltdel delgroup deluser dpkg-preconfigure dpkg-reconfigure e2fsck fdisk findfs fsck getty groupadd groupdel groupmod grpck halt hwclock init installkernel invoke-rc.d ldconfig losetup mkfs mkhomedir_helper mkswap newusers nologin pam-auth-update pivot_root poweroff reboot remove-shell rmt rtcwake service shadowconfig shutdown start-stop-daemon sulogin swapoff swapon switch_root sysctl tarcat tzconfig update-passwd update-rc.d useradd userdel usermod vigr vipw wipefs zramctl"),
];

/// base-passwd's `/etc/passwd` (Debian and Ubuntu).
macro_rules! debian_passwd {
    () => {
        "root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
"
    };
}

/// base-passwd's `/etc/group`.
macro_rules! debian_group {
    () => {
        "root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
"
    };
}

/// Debian's `/etc/shells` (debianutils, with bash's and dash's lines).
const DEBIAN_SHELLS: &str = "# /etc/shells: valid login shells
/bin/sh
/usr/bin/sh
/bin/bash
/usr/bin/bash
/bin/rbash
/usr/bin/rbash
/bin/dash
/usr/bin/dash
";

pub const DEBIAN: Tree = Tree {
    dirs: DEBIAN_DIRS,
    files: &[
        SPECIAL[0],
        SPECIAL[1],
        SPECIAL[2],
        SPECIAL[3],
        // The release's files (`/etc/os-release`, `/etc/debian_version`, apt's sources) are
        // in `releases.rs`.
        ("/etc/group", debian_group!()),
        ("/etc/passwd", debian_passwd!()),
        ("/etc/shells", DEBIAN_SHELLS),
    ],
    programs: DEBIAN_PROGRAMS,
    links: DEBIAN_LINKS,
    mtime: EPOCH_UNIX - 30 * DAY,
    owners: &[],
};

pub const UBUNTU: Tree = Tree {
    dirs: UBUNTU_DIRS,
    files: &[
        SPECIAL[0],
        SPECIAL[1],
        SPECIAL[2],
        SPECIAL[3],
        ("/etc/group", concat!(debian_group!(), "ubuntu:x:1000:\n")),
        (
            "/etc/passwd",
            concat!(
                debian_passwd!(),
                "ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n"
            ),
        ),
        ("/etc/shells", DEBIAN_SHELLS),
        ("/home/ubuntu/.bashrc", ""),
    ],
    programs: DEBIAN_PROGRAMS,
    links: DEBIAN_LINKS,
    mtime: EPOCH_UNIX - 19 * DAY,
    owners: &[("/home/ubuntu", 1000, 1000)],
};

// ── The RPM family: Fedora (dnf5), the Enterprise Linux rebuilds (dnf), Arch (pacman) ──

/// The fedora image's layout (its release files, fedora-release-common's
/// `/etc/fedora-release` with `redhat-release` and `system-release` links to it, are in
/// `releases.rs`), dnf5's own `/etc/dnf/dnf.conf` (its defaults live in `/usr/share/dnf5/libdnf.conf.d/`), and the
/// repositories' directory. Not simulated: the `.repo` files, `/etc/passwd` and the rest of
/// `/etc`; the `bin` directory lists the programs a learner looks for.
pub const FEDORA: Tree = Tree {
    dirs: "/afs\n/boot\n/dev\n/etc/dnf\n/etc/pki/rpm-gpg\n/etc/yum.repos.d\n/home\n/media\n/mnt\n/opt
/proc 555\n/proc/1 555\n/proc/net 555\n/root 550\n/run\n/srv\n/sys 555\n/tmp 1777\n/usr/bin\n/usr/games
/usr/include\n/usr/lib\n/usr/lib64\n/usr/libexec\n/usr/local/bin\n/usr/local/lib\n/usr/local/sbin
/usr/local/share\n/usr/sbin\n/usr/share/dnf5/libdnf.conf.d\n/usr/src\n/var/cache/libdnf5\n/var/lib/dnf
/var/lib/rpm\n/var/log\n/var/opt\n/var/spool\n/var/tmp 1777",
    files: &[
        SPECIAL[0],
        SPECIAL[1],
        SPECIAL[2],
        SPECIAL[3],
        // dnf5's dnf.conf: an empty [main].
        (
            "/etc/dnf/dnf.conf",
            "# see `man dnf.conf` for defaults and possible options\n\n[main]\n",
        ),
    ],
    programs: &[
        ("/usr/bin", "[ arch base64 basename bash cat chgrp chmod chown cp curl cut date dd df dirname dnf dnf5 du echo env expr false find grep groups gunzip gzip head hostname id install ln ls md5sum mkdir mktemp mv nice nohup nproc od printenv printf pwd readlink realpath rm rmdir rpm sed seq sh sha256sum sleep sort stat tail tar tee test timeout touch tr true uname uniq wc which whoami xargs yes"),
        ("/usr/sbin", "ldconfig"),
    ],
    links: &[
        ("/", "bin", "usr/bin"),
        ("/", "lib", "usr/lib"),
        ("/", "lib64", "usr/lib64"),
        ("/", "sbin", "usr/sbin"),
        ("/usr/bin", "yum", "dnf5"),
    ],
    mtime: EPOCH_UNIX - 25 * DAY,
    owners: &[],
};

/// An Enterprise Linux rebuild's image (`rockylinux`, `almalinux`, `oraclelinux`,
/// `amazonlinux`): Fedora's layout with dnf 4 (`yum` a link to it) and `microdnf` for the
/// minimal builds; the release files are in `releases.rs`. Not simulated: `dnf.conf` and the
/// `.repo` files.
pub const EL: Tree = Tree {
    dirs: "/afs\n/boot\n/dev\n/etc/dnf\n/etc/pki/rpm-gpg\n/etc/yum.repos.d\n/home\n/media\n/mnt\n/opt
/proc 555\n/proc/1 555\n/proc/net 555\n/root 550\n/run\n/srv\n/sys 555\n/tmp 1777\n/usr/bin\n/usr/games
/usr/include\n/usr/lib\n/usr/lib64\n/usr/libexec\n/usr/local/bin\n/usr/local/lib\n/usr/local/sbin
/usr/local/share\n/usr/sbin\n/usr/src\n/var/cache/dnf\n/var/lib/dnf\n/var/lib/rpm\n/var/log\n/var/opt
/var/spool\n/var/tmp 1777",
    files: &[SPECIAL[0], SPECIAL[1], SPECIAL[2], SPECIAL[3]],
    programs: &[
        ("/usr/bin", "[ arch base64 basename bash cat chgrp chmod chown cp curl cut date dd df dirname dnf-3 du echo env expr false find grep groups gunzip gzip head hostname id install ln ls md5sum microdnf mkdir mktemp mv nice nohup nproc od printenv printf pwd readlink realpath rm rmdir rpm sed seq sh sha256sum sleep sort stat tail tar tee test timeout touch tr true uname uniq wc which whoami xargs yes"),
        ("/usr/sbin", "ldconfig"),
    ],
    links: &[
        ("/", "bin", "usr/bin"),
        ("/", "lib", "usr/lib"),
        ("/", "lib64", "usr/lib64"),
        ("/", "sbin", "usr/sbin"),
        ("/usr/bin", "dnf yum", "dnf-3"),
    ],
    mtime: EPOCH_UNIX - 25 * DAY,
    owners: &[],
};

/// The archlinux image: merged `/usr`, bash, coreutils and pacman (its release file is in
/// `releases.rs`). Not simulated: pacman itself (the shell says so).
pub const ARCH: Tree = Tree {
    dirs: "/boot\n/dev\n/etc/pacman.d\n/home\n/mnt\n/opt\n/proc 555\n/proc/1 555\n/proc/net 555
/root 750\n/run\n/srv\n/sys 555\n/tmp 1777\n/usr/bin\n/usr/include\n/usr/lib\n/usr/local/bin
/usr/local/lib\n/usr/local/share\n/usr/share\n/var/cache/pacman/pkg\n/var/lib/pacman\n/var/log
/var/tmp 1777",
    files: &[SPECIAL[0], SPECIAL[1], SPECIAL[2], SPECIAL[3]],
    programs: &[("/usr/bin", "[ arch base64 basename bash cat chgrp chmod chown cp curl cut date dd df dirname du echo env expr false find grep groups gunzip gzip head hostname id install ldconfig ln ls makepkg md5sum mkdir mktemp mv nice nohup nproc od pacman pacman-key printenv printf pwd readlink realpath rm rmdir sed seq sh sha256sum sleep sort stat tail tar tee test timeout touch tr true uname uniq wc which whoami xargs yes")],
    links: &[
        ("/", "bin sbin", "usr/bin"),
        ("/", "lib lib64", "usr/lib"),
        ("/usr", "sbin", "bin"),
        ("/usr", "lib64", "lib"),
    ],
    mtime: EPOCH_UNIX - 5 * DAY,
    owners: &[],
};

/// The opensuse/leap image: merged `/usr`, bash, coreutils, rpm and zypper (its release
/// file is in `releases.rs`). Not simulated: zypper itself (the shell says so).
pub const SUSE: Tree = Tree {
    dirs: "/dev\n/etc/zypp/repos.d\n/home\n/mnt\n/opt\n/proc 555\n/proc/1 555\n/proc/net 555\n/root 700
/run\n/srv\n/sys 555\n/tmp 1777\n/usr/bin\n/usr/lib\n/usr/lib64\n/usr/local/bin\n/usr/local/lib
/usr/sbin\n/usr/share\n/var/cache/zypp\n/var/lib/rpm\n/var/log\n/var/tmp 1777",
    files: &[SPECIAL[0], SPECIAL[1], SPECIAL[2], SPECIAL[3]],
    programs: &[
        ("/usr/bin", "[ arch base64 basename bash cat chgrp chmod chown cp curl cut date dd df dirname du echo env expr false find grep groups gunzip gzip head hostname id install ln ls md5sum mkdir mktemp mv nice nohup nproc od printenv printf pwd readlink realpath rm rmdir rpm sed seq sh sha256sum sleep sort stat tail tar tee test timeout touch tr true uname uniq wc which whoami xargs yes zypper"),
        ("/usr/sbin", "ldconfig"),
    ],
    links: &[
        ("/", "bin", "usr/bin"),
        ("/", "lib", "usr/lib"),
        ("/", "lib64", "usr/lib64"),
        ("/", "sbin", "usr/sbin"),
    ],
    mtime: EPOCH_UNIX - 20 * DAY,
    owners: &[],
};

// ── The images' own files ──

macro_rules! nginx_index {
    () => {
        "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>"
    };
}

/// nginx's default page, as `curl` gets it (`engine::docker::image::NGINX_INDEX`), with its
/// final newline.
const NGINX_INDEX: &str = concat!(nginx_index!(), "\n");

/// The same page without its final newline (the body `Service::Http` answers).
pub const NGINX_INDEX_PAGE: &str = nginx_index!();

pub const NGINX: Tree = Tree {
    dirs: "/docker-entrypoint.d\n/etc/nginx/conf.d\n/usr/lib/nginx/modules\n/usr/share/nginx/html
/var/cache/nginx\n/var/log/nginx",
    files: &[
        // docker-nginx's mainline/debian/, unchanged.
        (
            "/docker-entrypoint.sh",
            include_str!("data/nginx/docker-entrypoint.sh"),
        ),
        (
            "/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            include_str!("data/nginx/10-listen-on-ipv6-by-default.sh"),
        ),
        (
            "/docker-entrypoint.d/15-local-resolvers.envsh",
            include_str!("data/nginx/15-local-resolvers.envsh"),
        ),
        (
            "/docker-entrypoint.d/20-envsubst-on-templates.sh",
            include_str!("data/nginx/20-envsubst-on-templates.sh"),
        ),
        (
            "/docker-entrypoint.d/30-tune-worker-processes.sh",
            include_str!("data/nginx/30-tune-worker-processes.sh"),
        ),
        // pkg-oss debian/nginx.conf and nginx.default.conf (a running container's copy gets
        // the `[::]:80` line from 10-listen-on-ipv6-by-default.sh, in its layer).
        (
            "/etc/nginx/nginx.conf",
            include_str!("data/nginx/nginx.conf"),
        ),
        (
            "/etc/nginx/conf.d/default.conf",
            include_str!("data/nginx/default.conf"),
        ),
        // nginx's conf/ (the package installs them unchanged).
        (
            "/etc/nginx/fastcgi_params",
            include_str!("data/nginx/fastcgi_params"),
        ),
        (
            "/etc/nginx/mime.types",
            include_str!("data/nginx/mime.types"),
        ),
        (
            "/etc/nginx/scgi_params",
            include_str!("data/nginx/scgi_params"),
        ),
        (
            "/etc/nginx/uwsgi_params",
            include_str!("data/nginx/uwsgi_params"),
        ),
        (
            "/usr/share/nginx/html/50x.html",
            include_str!("data/nginx/50x.html"),
        ),
        ("/usr/share/nginx/html/index.html", NGINX_INDEX),
        // The nginx package's user (docker-nginx's Dockerfile: uid and gid 101).
        ("/etc/group", concat!(debian_group!(), "nginx:x:101:\n")),
        (
            "/etc/passwd",
            concat!(
                debian_passwd!(),
                "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n"
            ),
        ),
    ],
    programs: &[("/usr/sbin", "nginx nginx-debug"), ("/usr/bin", "envsubst")],
    links: &[
        ("/etc/nginx", "modules", "/usr/lib/nginx/modules"),
        ("/var/log/nginx", "access.log", "/dev/stdout"),
        ("/var/log/nginx", "error.log", "/dev/stderr"),
    ],
    mtime: EPOCH_UNIX - 12 * DAY,
    owners: &[],
};

pub const NGINX_ALPINE: Tree = Tree {
    dirs: NGINX.dirs,
    files: &[
        (
            "/docker-entrypoint.sh",
            include_str!("data/nginx/docker-entrypoint.sh"),
        ),
        (
            "/etc/nginx/nginx.conf",
            include_str!("data/nginx/nginx.conf"),
        ),
        (
            "/etc/nginx/conf.d/default.conf",
            include_str!("data/nginx/default.conf"),
        ),
        // nginx's conf/ (the package installs them unchanged).
        (
            "/etc/nginx/fastcgi_params",
            include_str!("data/nginx/fastcgi_params"),
        ),
        (
            "/etc/nginx/mime.types",
            include_str!("data/nginx/mime.types"),
        ),
        (
            "/etc/nginx/scgi_params",
            include_str!("data/nginx/scgi_params"),
        ),
        (
            "/etc/nginx/uwsgi_params",
            include_str!("data/nginx/uwsgi_params"),
        ),
        (
            "/usr/share/nginx/html/50x.html",
            include_str!("data/nginx/50x.html"),
        ),
        ("/usr/share/nginx/html/index.html", NGINX_INDEX),
        (
            "/etc/group",
            concat!(alpine_group!(), "nginx:x:101:nginx\n"),
        ),
        (
            "/etc/passwd",
            concat!(
                alpine_passwd!(),
                "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n"
            ),
        ),
    ],
    programs: &[("/usr/sbin", "nginx nginx-debug"), ("/usr/bin", "envsubst")],
    links: NGINX.links,
    mtime: EPOCH_UNIX - 12 * DAY,
    owners: &[],
};

pub const HTTPD: Tree = Tree {
    dirs: "/usr/local/apache2/bin\n/usr/local/apache2/cgi-bin\n/usr/local/apache2/conf/extra
/usr/local/apache2/error\n/usr/local/apache2/icons\n/usr/local/apache2/logs\n/usr/local/apache2/modules",
    files: &[
        // Apache's own default page (docs/docroot/index.html).
        (
            "/usr/local/apache2/htdocs/index.html",
            "<html><body><h1>It works!</h1></body></html>\n",
        ),
        // docker-library/httpd 2.4/httpd-foreground.
        ("/usr/local/bin/httpd-foreground", include_str!("data/httpd/httpd-foreground")),
        // httpd 2.4's docs/conf/httpd.conf.in as `make install` writes it for the Apache
        // layout (ServerRoot /usr/local/apache2, Listen 80, conf/, logs/, htdocs/), then
        // docker-library/httpd's `sed` (logs to /proc/self/fd/1 and 2, User and Group
        // www-data). 13.9 KB, 5.3 KB gzip; only the LoadModule lines configure generates are
        // left out, and the file says so where they stand.
        (
            "/usr/local/apache2/conf/httpd.conf",
            include_str!("data/httpd/httpd.conf"),
        ),
    ],
    programs: &[(
        "/usr/local/apache2/bin",
        "ab apachectl apxs checkgid dbmmanage envvars envvars-std fcgistarter htcacheclean htdbm htdigest htpasswd httpd httxt2dbm logresolve rotatelogs",
    )],
    links: &[],
    mtime: EPOCH_UNIX - 12 * DAY,
    owners: &[],
};

pub const REDIS: Tree = Tree {
    dirs: "/data",
    files: &[],
    programs: &[(
        "/usr/local/bin",
        "docker-entrypoint.sh gosu redis-benchmark redis-check-aof redis-check-rdb redis-cli redis-sentinel redis-server",
    )],
    links: &[],
    mtime: EPOCH_UNIX - 19 * DAY,
    // docker-library/redis: `groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis`.
    owners: &[("/data", 999, 999)],
};

pub const POSTGRES: Tree = Tree {
    dirs: "/docker-entrypoint-initdb.d\n/var/lib/postgresql\n/var/run/postgresql 3777",
    files: &[],
    programs: &[(
        "/usr/local/bin",
        "docker-enforce-initdb.sh docker-ensure-initdb.sh docker-entrypoint.sh gosu",
    )],
    links: &[],
    mtime: EPOCH_UNIX - 19 * DAY,
    // docker-library/postgres: the postgres user is uid and gid 999.
    owners: &[
        ("/var/lib/postgresql", 999, 999),
        ("/var/run/postgresql", 999, 999),
    ],
};

pub const PYTHON: Tree = Tree {
    dirs: "/usr/local/include\n/usr/local/lib",
    files: &[],
    programs: &[(
        "/usr/local/bin",
        "idle3 pip pip3 pydoc3 python python3 python3-config",
    )],
    links: &[],
    mtime: EPOCH_UNIX - 19 * DAY,
    owners: &[],
};

pub const NODE: Tree = Tree {
    dirs: "/usr/local/include/node\n/usr/local/lib/node_modules",
    files: &[],
    programs: &[(
        "/usr/local/bin",
        "corepack docker-entrypoint.sh node npm npx yarn yarnpkg",
    )],
    links: &[],
    mtime: EPOCH_UNIX - 19 * DAY,
    owners: &[],
};

/// Windows images: no Linux tree (their shells are `cmd` and PowerShell).
pub const WINDOWS: Tree = Tree {
    dirs: "",
    files: &[],
    programs: &[],
    links: &[],
    mtime: EPOCH_UNIX - 60 * DAY,
    owners: &[],
};

/// A Linux host (an Ubuntu 24.04.3 server, as `docker info` says): its layout and its
/// `/etc/os-release` (`/usr/lib/os-release`, with `/etc/os-release` a link to it in
/// base-files; Berth keeps the text at the name people `cat`); the other files `cat` knows of
/// a host are answered by the existing tools.
pub const HOST: Tree = Tree {
    dirs: "/boot\n/dev\n/etc/docker\n/etc/default\n/etc/systemd/system\n/home\n/media\n/mnt\n/opt
/proc 555\n/root 700\n/run\n/srv\n/sys 555\n/tmp 1777\n/usr/bin\n/usr/lib\n/usr/local/bin\n/usr/sbin
/usr/share\n/var/lib/docker 710\n/var/log\n/var/tmp 1777",
    files: &[("/etc/os-release", super::releases::UBUNTU_24_04_OS_RELEASE)],
    programs: &[],
    links: &[
        ("/", "bin", "usr/bin"),
        ("/", "lib", "usr/lib"),
        ("/", "sbin", "usr/sbin"),
    ],
    mtime: EPOCH_UNIX - 90 * DAY,
    owners: &[],
};
