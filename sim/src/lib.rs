//! A simulated Walloon open-data web on loopback, with its ground truth.
//!
//! No test may touch the internet, yet a crawler tested on three toy pages proves
//! nothing. This module generates, from a seed, a world shaped like the real one —
//! commune sites built with iMio/Plone, WordPress or home-made PHP, the ODWB
//! OpenDataSoft portal, communes' own ODS portals (one answering only the legacy v1 API),
//! one CKAN portal, the shared `static.imio.be` robots.txt — and serves it from one port,
//! by `Host` header. Every dataset, distribution, decoy and survey answer is recorded in a
//! [`Manifest`], so tests and benchmarks measure recall, precision, politeness and verdicts
//! instead of "it ran".
//!
//! # Why a crate of its own
//!
//! The manifest and the [`oracle`] are the yardstick odaudit is graded by. A yardstick
//! that calls the code it measures (its classifier to say what a file is, its comparison
//! to say which findings are due) shares that code's blind spots and grades it against
//! itself. So this crate does not depend on odaudit: it speaks its own vocabulary (its
//! [`Format`] and star table, EU file-type code strings, the README's finding codes as
//! strings, `HOST:PORT:ADDR` resolve rules) and states what it served from what it
//! generated — an XLSX it chose to name `.csv` is mislabelled because the world did it,
//! not because a classifier says so. odaudit's tests convert these values to the
//! auditor's types where they compare the two.
//!
//! ```no_run
//! # async fn demo() -> Result<(), odaudit_sim::SimError> {
//! use odaudit_sim as sim;
//! let world = sim::World::generate(&sim::Config { seed: 7, communes: Some(30), crawl_delay: Some(0.0), ..Default::default() })?;
//! let server = sim::serve(world, "127.0.0.1:0").await?;
//! let rules = server.resolve_rules(); // one "HOST:PORT:127.0.0.1" per host, for odaudit's --resolve
//! let truth = server.manifest();      // URLs carry server.port()
//! let seen = server.request_log();    // every request, for politeness checks
//! # let _ = (rules, truth, seen);
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Design: the world model is small (names, paths, seeds) and pages and files are
//! rendered per request ([`content`](self) is regenerated from seeds; binary office and GIS
//! files are real-software assets in `sim/assets/`, copies of odaudit's `tests/fixtures/real/`), so the full
//! 262-commune world stays far below 200 MB. Nothing reads a clock: the world lives at a
//! fixed "now" (2025-06-02), so a seed gives identical manifests and bytes everywhere.
//! Faults are opt-in ([`FaultProfile`], or per host in [`Config::host_faults`]).
//!
//! # Platforms
//!
//! [`Config::platforms`] turns on the platforms as they really answer (iMio smartweb's
//! plone.restapi `@search`, an older Plone's `sitemap.xml.gz`, WordPress's media endpoint,
//! sites refusing their API, three big sites with their data deep); the truth is in
//! [`Manifest::platforms`]. [`Config::ods_daily_quota`] makes every OpenDataSoft portal
//! enforce a daily quota, and [`Server::requests_per_host`] counts what each host received.
//! Both off, the world is the one earlier versions served, byte for byte.

#![forbid(unsafe_code)]

mod assets;
mod ckan;
mod communes;
mod content;
mod dates;
mod faults;
mod format;
mod http;
mod inputs;
mod log;
mod manifest;
mod ods;
pub mod oracle;
mod people;
mod platform;
#[cfg(test)]
mod platform_tests;
mod rng;
mod server;
mod site;
mod truth;
mod world;

use std::path::PathBuf;

pub use communes::CommunesError;
pub use content::{RowsTruth, Specimen, specimens};
pub use faults::{Fault, FaultProfile, UnknownFault, UnknownProfile};
pub use format::{Container, Format};
pub use log::RequestRecord;
pub use manifest::{
    Channel, CommuneTruth, DatasetTruth, Declaration, DeclarationKind, DecoyTruth,
    DistributionTruth, FaultTruth, IndexKind, LicenceTruth, Manifest, PlatformKind, PlatformTruth,
    PortalKind, PortalTruth, RobotsTruth, SiteFileTruth, SiteKind,
};
pub use ods::{MAX_LIMIT as ODS_MAX_LIMIT, MAX_WINDOW as ODS_MAX_WINDOW};
pub use platform::{PLONE_MAX_BATCH, WP_MAX_PER_PAGE};
pub use server::{
    GZIP_BOMB_INFLATED, ServeOptions, Server, ServerThread, serve, serve_in_thread, serve_with,
};
pub use site::PAGE_SIZE as PLONE_PAGE_SIZE;
pub use world::{Config, World, slugify};

/// Why a world could not be built or served.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The communes file is missing or malformed.
    #[error(transparent)]
    Communes(#[from] CommunesError),
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(String, #[source] std::io::Error),
    /// A file could not be written.
    #[error("{path}: {source}", path = .0.display(), source = .1)]
    Io(PathBuf, #[source] std::io::Error),
}
