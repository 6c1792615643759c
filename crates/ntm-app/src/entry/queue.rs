//! The bounded work queue of Excel uploads: an upload is read and imported off the request, one
//! at a time (the store takes one writer at a time anyway), and at most
//! [`crate::Config::upload_queue`] uploads wait or run; one more is refused at once ("busy,
//! try again") rather than held. Each upload has a number its owner polls for its state; the
//! last [`KEPT`] finished ones are remembered (in memory: a restart forgets them, the values
//! imported stay).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, Weak};

use ntm_io::InputErrors;

use super::xlsx::XlsxSummary;
use crate::{App, AppError, User};

/// Finished uploads remembered.
pub const KEPT: usize = 200;

/// Where an upload is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadState {
    /// Waiting for the one before it; how many are ahead.
    Waiting { ahead: usize },
    /// Being read, checked and written.
    Running,
    /// Imported.
    Done(XlsxSummary),
    /// Refused: every problem, on its cell; nothing saved.
    Refused(InputErrors),
    /// Failed for another reason (the store); nothing saved.
    Failed(String),
}

impl UploadState {
    pub fn finished(&self) -> bool {
        !matches!(self, UploadState::Waiting { .. } | UploadState::Running)
    }
}

/// An upload as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub id: u64,
    pub owner: i64,
    pub file: String,
    pub set: String,
    pub state: UploadState,
}

/// The queue full: try again later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Busy;

#[derive(Default)]
struct Uploads {
    next: u64,
    list: VecDeque<Upload>,
}

/// The uploads, waiting, running and finished.
pub struct UploadQueue {
    capacity: usize,
    uploads: Mutex<Uploads>,
    /// One import at a time.
    running: tokio::sync::Semaphore,
}

impl UploadQueue {
    pub fn new(capacity: usize) -> UploadQueue {
        UploadQueue { capacity, uploads: Mutex::new(Uploads::default()), running: tokio::sync::Semaphore::new(1) }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Uploads) -> T) -> T {
        let mut guard = match self.uploads.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    fn set(&self, id: u64, state: UploadState) {
        self.with(|u| {
            if let Some(x) = u.list.iter_mut().find(|x| x.id == id) {
                x.state = state;
            }
        });
    }

    /// An upload of `owner`, with how many wait ahead of it now.
    pub fn get(&self, owner: i64, id: u64) -> Option<Upload> {
        self.with(|u| {
            let mut ahead = 0;
            for x in &u.list {
                if x.id == id {
                    if x.owner != owner {
                        return None;
                    }
                    let mut found = x.clone();
                    if let UploadState::Waiting { .. } = found.state {
                        found.state = UploadState::Waiting { ahead };
                    }
                    return Some(found);
                }
                if !x.state.finished() {
                    ahead += 1;
                }
            }
            None
        })
    }

    /// The uploads of `owner`, newest first.
    pub fn of(&self, owner: i64) -> Vec<Upload> {
        self.with(|u| u.list.iter().rev().filter(|x| x.owner == owner).cloned().collect())
    }
}

impl App {
    /// Puts an upload in the queue and returns its number at once; refused when the queue is
    /// full.
    pub fn submit_upload(self: &Arc<App>, user: &User, set_id: &str, file: &str, bytes: Vec<u8>) -> Result<u64, Busy> {
        let queue = &self.uploads;
        let id = queue.with(|u| {
            let in_flight = u.list.iter().filter(|x| !x.state.finished()).count();
            if in_flight >= queue.capacity {
                return Err(Busy);
            }
            u.next += 1;
            let id = u.next;
            u.list.push_back(Upload {
                id,
                owner: user.id,
                file: file.to_string(),
                set: set_id.to_string(),
                state: UploadState::Waiting { ahead: in_flight },
            });
            // Forget the oldest finished ones beyond what is kept.
            while u.list.iter().filter(|x| x.state.finished()).count() > KEPT {
                match u.list.iter().position(|x| x.state.finished()) {
                    Some(i) => {
                        u.list.remove(i);
                    }
                    None => break,
                }
            }
            Ok(id)
        })?;
        let app: Weak<App> = Arc::downgrade(self);
        let (user, set_id, file) = (user.clone(), set_id.to_string(), file.to_string());
        tokio::spawn(async move {
            let Some(app) = app.upgrade() else { return };
            let Ok(_turn) = app.uploads.running.acquire().await else { return };
            app.uploads.set(id, UploadState::Running);
            let state = match app.import_values_xlsx(&user, &set_id, &file, bytes).await {
                Ok(done) => UploadState::Done(done),
                Err(AppError::Invalid(errors)) => UploadState::Refused(errors),
                Err(e) => UploadState::Failed(e.to_string()),
            };
            app.uploads.set(id, state);
        });
        Ok(id)
    }
}
