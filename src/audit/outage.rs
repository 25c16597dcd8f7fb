//! Our outage is not the region's.
//!
//! Run on a machine whose network is down, every commune's site is "unreachable" and
//! every portal empty; recorded as a normal run, the next `diff` would say every dataset
//! of the region vanished. A run where (nearly) nothing answered at all is therefore
//! judged the auditor's failure, not the communes': the run is marked invalid, kept out
//! of every comparison, and the command exits with [`crate::cli`]'s outage code.
//!
//! The rule, on what the HTTP client counted (no message is read): of the hosts asked,
//! at least [`SILENT_SHARE`] never gave any HTTP answer, for want of a connection (a
//! name that does not resolve, a refused or unreachable address); and every portal
//! harvested failed the same way. With no portal to harvest, at least [`MIN_HOSTS`]
//! hosts must have been asked, so that one dead commune site alone is never an outage.

use std::fmt;

use crate::discover::run::DiscoveryReport;

/// The share of hosts that never answered, at or above which the run is ours to blame.
pub const SILENT_SHARE: f64 = 0.8;
/// Hosts that must have been asked when no portal was harvested.
pub const MIN_HOSTS: usize = 5;

/// What made a run look like the auditor's own outage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outage {
    /// Hosts asked.
    pub hosts: usize,
    /// Of those, hosts that never gave an HTTP answer.
    pub silent_hosts: usize,
    /// Portals harvested (regional and own), all of which failed unanswered.
    pub portals: usize,
}

impl fmt::Display for Outage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no connection could be made to {} of the {} hosts asked{}: the auditor's own network (DNS or connectivity) looks down, so this run says nothing of the communes",
            self.silent_hosts,
            self.hosts,
            if self.portals > 0 {
                format!(", nor to any of the {} portals", self.portals)
            } else {
                String::new()
            }
        )
    }
}

/// The outage this run looks like, if it looks like one.
pub fn outage(report: &DiscoveryReport) -> Option<Outage> {
    let asked: Vec<_> = report.hosts.iter().filter(|h| h.requests > 0).collect();
    let silent = asked.iter().filter(|h| h.never_answered()).count();
    let hosts = asked.len();
    let portals = report.portals.len();
    let portals_silent = report.portals.iter().all(|p| p.unreachable);
    let enough = if portals > 0 {
        portals_silent
    } else {
        hosts >= MIN_HOSTS
    };
    let share = silent as f64 / hosts.max(1) as f64;
    (hosts > 0 && enough && share >= SILENT_SHARE).then_some(Outage {
        hosts,
        silent_hosts: silent,
        portals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::run::PortalSummary;
    use crate::fetch::HostStats;

    fn host(name: &str, answered: bool) -> HostStats {
        HostStats {
            host: name.into(),
            requests: 2,
            status_2xx: u64::from(answered),
            errors: u64::from(!answered) * 2,
            no_connection: u64::from(!answered) * 2,
            ..HostStats::default()
        }
    }

    fn portal(unreachable: bool) -> PortalSummary {
        PortalSummary {
            id: "odwb".into(),
            url: "https://www.odwb.be/".into(),
            kind: "opendatasoft".into(),
            datasets: 0,
            requests: 1,
            error: unreachable.then(|| "connection refused".into()),
            unreachable,
            warnings: Vec::new(),
        }
    }

    fn report(hosts: Vec<HostStats>, portals: Vec<PortalSummary>) -> DiscoveryReport {
        DiscoveryReport {
            portals,
            unmatched_publishers: Vec::new(),
            hosts,
        }
    }

    #[test]
    fn nothing_answering_is_our_outage() {
        let hosts = (0..10).map(|i| host(&format!("h{i}"), false)).collect();
        let o = outage(&report(hosts, vec![portal(true)])).unwrap();
        assert_eq!((o.hosts, o.silent_hosts, o.portals), (10, 10, 1));
    }

    #[test]
    fn a_portal_that_answers_or_most_sites_answering_is_not() {
        let dead: Vec<_> = (0..10).map(|i| host(&format!("h{i}"), false)).collect();
        assert_eq!(outage(&report(dead.clone(), vec![portal(false)])), None);
        let mut mixed = dead;
        for h in mixed.iter_mut().take(3) {
            h.status_2xx = 1;
        }
        assert_eq!(outage(&report(mixed, vec![portal(true)])), None);
    }

    #[test]
    fn one_dead_site_without_portals_is_not() {
        assert_eq!(outage(&report(vec![host("h", false)], Vec::new())), None);
        let five = (0..5).map(|i| host(&format!("h{i}"), false)).collect();
        assert!(outage(&report(five, Vec::new())).is_some());
    }
}
