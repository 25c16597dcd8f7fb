//! odaudit: checks whether Walloon communes really publish the open data they declare.
//!
//! Data flows one way: targets → discover (fetch, crawl, portals) → assess (sniff,
//! stars, licence, freshness) → compare → report and store. Each module only receives
//! what the one before it produced; `fetch` is the only door to the network.

#![forbid(unsafe_code)]

pub mod assess;
pub mod audit;
pub mod cli;
pub mod declarations;
pub mod discover;
pub mod dtd;
pub mod fetch;
pub mod mergers;
pub mod plan;
pub mod report;
pub mod run_lock;
pub mod store;
pub mod targets;
pub mod targets_check;
