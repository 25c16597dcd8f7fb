//! The audit: discovery's findings rated (licence, stars, freshness) and compared with
//! what each commune declared.

pub mod model;

pub use model::{CommuneAudit, Finding, FindingCode, RatedDistribution, Severity, WebsiteSummary};
