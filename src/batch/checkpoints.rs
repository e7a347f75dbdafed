//! The case log's checkpoints during a run, in a thread of their own, so that the thread that
//! records the rows is not the one that waits on them.

use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};

use crate::cases::CaseLog;

/// The thread that folds the case log's write-ahead file back into it: asked after each chunk,
/// it ends once the run lets go of this, after the last checkpoint asked.
pub struct Checkpoints {
    ask: SyncSender<()>,
    /// The error that stopped it.
    failed: Arc<Mutex<Option<anyhow::Error>>>,
}

impl Checkpoints {
    /// Starts the thread, with a connection of its own to `log`.
    pub fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        log: &CaseLog,
    ) -> Result<Checkpoints> {
        let checkpointer = log.checkpointer()?;
        let (ask, asked) = mpsc::sync_channel::<()>(1);
        let failed = Arc::new(Mutex::new(None));
        let failure = Arc::clone(&failed);
        std::thread::Builder::new()
            .name("forget-checkpoint".to_string())
            .spawn_scoped(scope, move || {
                for () in asked {
                    if let Err(error) = checkpointer.checkpoint() {
                        if let Ok(mut failure) = failure.lock() {
                            *failure = Some(error);
                        }
                        return;
                    }
                }
            })
            .context("cannot start the batch's checkpoints")?;
        Ok(Checkpoints { ask, failed })
    }

    /// Asks for a checkpoint (one asked already and not begun covers this one too). Gives the
    /// error an earlier one stopped at, which stops the run as it would have stopped had the
    /// checkpoint failed in the reading thread.
    pub fn ask(&self) -> Result<()> {
        if let Some(error) = self.failed.lock().ok().and_then(|mut failed| failed.take()) {
            return Err(error);
        }
        let _ = self.ask.try_send(());
        Ok(())
    }
}
