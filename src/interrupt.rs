//! Ctrl-C and `kill`: the first SIGINT or SIGTERM is noted (the handler
//! only stores the signal's number) and the run stops in order — no new
//! file is started, the workers are killed, the unfinished output folder is
//! removed and OUT is left as it was (`crate::output::outdir`). A second
//! one ends the process at once (the handlers reset themselves).

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal received, 0 while none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Note SIGINT and SIGTERM from now on.
pub fn install() {
    #[cfg(unix)]
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic (async-signal-safe);
        // the struct is fully initialised before the call.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = note as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESETHAND | libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(unix)]
extern "C" fn note(sig: libc::c_int) {
    RECEIVED.store(sig, Ordering::SeqCst);
}

/// The signal that asked the run to stop, if any.
pub fn received() -> Option<Signal> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        n => Some(Signal(n)),
    }
}

/// Whether the run was asked to stop.
pub fn requested() -> bool {
    received().is_some()
}

/// A signal that stopped the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal(pub i32);

impl Signal {
    /// Its name (`SIGINT`).
    pub fn name(self) -> String {
        #[cfg(unix)]
        {
            match self.0 {
                libc::SIGINT => return "SIGINT (Ctrl-C)".into(),
                libc::SIGTERM => return "SIGTERM".into(),
                _ => {}
            }
        }
        format!("signal {}", self.0)
    }

    /// The exit code a shell gives a process ended by it (128 + number).
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn signals_are_named_with_their_shell_exit_codes() {
        assert_eq!(Signal(libc::SIGINT).exit_code(), 130);
        assert_eq!(Signal(libc::SIGTERM).exit_code(), 143);
        assert_eq!(Signal(libc::SIGINT).name(), "SIGINT (Ctrl-C)");
    }
}
