//! `ntm-app`: the use cases both the web server and the command line call, and the live state
//! they share. Values live in the store; evaluation happens here, in memory, on the state loaded
//! from it. A saved value is reflected at once by re-evaluating only the unit it touches, and a
//! server notices changes made by another server through the store's revision counter.
//!
//! No HTTP and no HTML here, and no words of the interface: functions return plain view data
//! (codes, figures, names from the data; serialisable for the JSON API) that the edge words.
//!
//! One module per area, each with its use cases and page data: `evaluation`, `entry`,
//! `thresholds`, `accounts`, `audit`, `org`, `plans`, `recognitions`, and `demo`; `state` holds
//! the live state and `page` what every page carries.

pub mod accounts;
pub mod audit;
pub mod board;
pub mod demo;
pub mod entry;
pub mod error;
pub mod evaluation;
pub mod org;
pub mod page;
pub mod plans;
pub mod reasons;
pub mod recognitions;
pub mod reporting;
pub mod roadmap;
pub mod state;
pub mod thresholds;

use std::sync::{Arc, RwLock, RwLockReadGuard};

use ntm_domain::{Lang, Principal};
use ntm_store::{Area, Db};

pub use error::AppError;
pub use state::Live;

/// Settings of the running application.
#[derive(Clone, Debug)]
pub struct Config {
    /// Reading without signing in.
    pub public_read: bool,
    /// Demo database: every page says the data are illustrative.
    pub demo: bool,
    /// The set shown by default.
    pub default_set: String,
    /// Cheap password hashing, for tests only.
    pub fast_hashing: bool,
    /// Cookies only over HTTPS.
    pub secure_cookies: bool,
    /// How long pages may go without asking the store whether another process (another server,
    /// a command-line import) changed something. Changes made through this server show at once.
    pub recheck: std::time::Duration,
    /// Behind a reverse proxy: take the client's address from `X-Forwarded-For` (for the sign-in
    /// limit). Only when the proxy sets it; otherwise anyone could claim any address.
    pub trust_forwarded_for: bool,
    /// The day targets are judged on; `None`: today, in Vietnam (tests fix a day).
    pub today: Option<ntm_domain::Date>,
    /// The host names the server answers to (`--public-host`), besides `localhost` and any IP
    /// address: a request naming another host (a DNS-rebinding page) is refused.
    pub public_hosts: Vec<String>,
    /// Excel uploads waiting or running at most (`entry::queue`); one more is told to try again.
    pub upload_queue: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            public_read: true,
            demo: false,
            default_set: "xa-ntm-2021-2025".into(),
            fast_hashing: false,
            secure_cookies: false,
            recheck: std::time::Duration::from_millis(100),
            trust_forwarded_for: false,
            today: None,
            public_hosts: Vec::new(),
            upload_queue: 4,
        }
    }
}

/// The application: the store, the settings, and the live state.
pub struct App {
    pub db: Db,
    pub config: Config,
    live: RwLock<Live>,
    refresh: tokio::sync::Mutex<()>,
    /// When the store's revision was last read (ns since `started`).
    checked: std::sync::atomic::AtomicU64,
    dummy_hash: std::sync::OnceLock<String>,
    started: std::time::Instant,
    /// How many times the whole state was read from the store (start-up included).
    full_loads: std::sync::atomic::AtomicU64,
    /// The early warnings per (set, period), with the revision they were computed at.
    warnings_cache: std::sync::Mutex<WarningsCache>,
    /// The Excel uploads (the bounded work queue of `entry::queue`).
    pub uploads: entry::queue::UploadQueue,
}

/// [`App::warnings`]' cache.
type WarningsCache = std::collections::HashMap<(String, ntm_domain::Period), (i64, Arc<Vec<ntm_domain::Warning>>)>;

/// A signed-in user, as the pages need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub principal: Principal,
    pub lang: Lang,
    pub csrf_token: String,
    pub session_hash: String,
}

impl App {
    /// Loads the state from the store.
    pub async fn open(db: Db, mut config: Config) -> Result<Arc<App>, AppError> {
        // A database of demo data says so wherever it is served from (`ntm serve` on it too).
        config.demo |= db.is_illustrative().await?;
        let live = Live::load(&db, &config).await?;
        let uploads = entry::queue::UploadQueue::new(config.upload_queue);
        Ok(Arc::new(App {
            db,
            config,
            live: RwLock::new(live),
            refresh: tokio::sync::Mutex::new(()),
            checked: std::sync::atomic::AtomicU64::new(0),
            dummy_hash: std::sync::OnceLock::new(),
            started: std::time::Instant::now(),
            full_loads: std::sync::atomic::AtomicU64::new(1),
            warnings_cache: std::sync::Mutex::new(WarningsCache::new()),
            uploads,
        }))
    }

    /// The day it is (Vietnam time), or the configured one.
    pub fn today(&self) -> ntm_domain::Date {
        self.config.today.unwrap_or_else(|| ntm_domain::time::vietnam_date(ntm_store::now_ms()))
    }

    /// How many times the whole state (every value included) was read from the store: 1 after
    /// start-up, one more for each change of units or criteria and each bulk change of values
    /// by another process. A change of another area never adds one.
    pub fn full_loads(&self) -> u64 {
        self.full_loads.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Reads the whole state again and puts it in place.
    async fn reload(&self) -> Result<(), AppError> {
        let fresh = Live::load(&self.db, &self.config).await?;
        *self.live_mut() = fresh;
        self.full_loads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// The state, for reading. Never held across an `.await`.
    pub fn live(&self) -> RwLockReadGuard<'_, Live> {
        match self.live.read() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn live_mut(&self) -> std::sync::RwLockWriteGuard<'_, Live> {
        match self.live.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Like [`App::refresh`], but asks the store at most once per [`Config::recheck`]: for pages.
    /// Changes made through this server are applied at once (its writes call `refresh`).
    pub async fn refresh_if_due(&self) -> Result<(), AppError> {
        use std::sync::atomic::Ordering;
        let now = u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let last = self.checked.load(Ordering::Relaxed);
        let due = u64::try_from(self.config.recheck.as_nanos()).unwrap_or(u64::MAX);
        if last != 0 && now.saturating_sub(last) < due {
            return Ok(());
        }
        if self.checked.compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed).is_err() {
            return Ok(()); // another request is checking
        }
        self.refresh().await
    }

    /// Whether a period may be shown or entered for a set: within the set's plausible years and
    /// not after next year (Vietnam time). Keeps requests from making the server evaluate, or the
    /// store hold, arbitrary years.
    pub fn period_allowed(&self, set: &ntm_domain::CriteriaSet, period: ntm_domain::Period) -> bool {
        let next_year = ntm_domain::time::vietnam_year(ntm_store::now_ms()) + 1;
        set.plausible_years().contains(&period.year()) && period.year() <= next_year
    }

    /// Brings the state up to date with the store, area by area: only the areas whose counter
    /// moved are read again; values changed since the loaded revision are applied and only their
    /// units re-evaluated (or, after a bulk change, the value tables read again); only a change of
    /// units or criteria reloads everything.
    pub async fn refresh(&self) -> Result<(), AppError> {
        let now = self.db.counters().await?;
        if now == self.live().counters {
            return Ok(());
        }
        let _one_at_a_time = self.refresh.lock().await;
        let have = self.live().counters;
        let changed = now.changed_since(&have);
        if changed.is_empty() && now.revision == have.revision {
            return Ok(());
        }
        if changed.contains(&Area::Units) || changed.contains(&Area::Criteria) {
            return self.reload().await;
        }
        // Each area read outside the lock, then swapped in.
        let org = match changed.contains(&Area::Org) {
            true => Some(org::OrgState::load(&self.db).await?),
            false => None,
        };
        let plans = match changed.contains(&Area::Plans) {
            true => Some(plans::PlanState::load(&self.db).await?),
            false => None,
        };
        let roadmap = match changed.contains(&Area::Plans) {
            true => {
                let units = self.live().unit_index.clone();
                Some(roadmap::RoadmapState::load(&self.db, &units).await?)
            }
            false => None,
        };
        let recognitions = match changed.contains(&Area::Recognitions) {
            true => {
                let units = self.live().unit_index.clone();
                Some(recognitions::RecognitionState::load(&self.db, &units).await?)
            }
            false => None,
        };
        let values = match changed.contains(&Area::Values) {
            true => self.db.values_since(have.revision, MAX_APPLIED_VALUES).await?,
            false => Some(Vec::new()),
        };
        let Some(records) = values else {
            // A bulk change of values: everything read again, outside the lock.
            return self.reload().await;
        };
        let mut live = self.live_mut();
        if let Some(o) = org {
            live.org = o;
        }
        if let Some(p) = plans {
            live.plans = p;
        }
        if let Some(r) = recognitions {
            live.recognitions = r;
        }
        if let Some(r) = roadmap {
            live.roadmap = r;
        }
        live.apply_values(&records)?;
        live.counters = now;
        Ok(())
    }
}

/// Beyond this many values changed since the last refresh, the value tables are read again
/// rather than each value applied.
const MAX_APPLIED_VALUES: i64 = 20_000;
