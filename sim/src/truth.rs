//! Turning the world model into its [`Manifest`]: the ground truth with absolute URLs on
//! the port the world is served from.

use super::dates::{http_date, rfc3339};
use super::faults::{FAULT_FILE_CONTENT_TYPE, FAULT_FILE_LABEL, Fault};
use super::format::Kind;
use super::manifest::{
    Channel, CommuneTruth, DatasetTruth, Declaration, DecoyTruth, DistributionTruth, FaultTruth,
    LicenceTruth, Manifest, PortalTruth, RobotsTruth, SiteKind,
};
use super::site::{IMIO_DISALLOW, own_robots, sitemap_path};
use super::world::{DatasetSim, Declared, IMIO_STATIC_HOST, Placement, ServedFile, World};

impl World {
    /// The ground truth, with `port` in every URL.
    pub fn manifest(&self, port: u16) -> Manifest {
        let base = |host: &str| format!("http://{host}:{port}");
        let portals = self
            .portals
            .iter()
            .map(|p| PortalTruth {
                id: p.id.clone(),
                kind: p.kind,
                url: format!("{}/", base(&p.host)),
                name: p.name.clone(),
                owner_nis: p.owner.map(|c| self.communes[c].info.nis_code.to_string()),
                datasets: p.datasets.len(),
            })
            .collect();
        let communes = self
            .communes
            .iter()
            .map(|c| {
                let site = c.host.as_deref().map(base);
                let faults = c
                    .host
                    .as_ref()
                    .and_then(|h| self.hosts.get(h))
                    .map(|h| h.faults.as_slice())
                    .unwrap_or_default();
                // A `reset` fault (the hostile profile's, or one given per host) takes a
                // live site down as surely as a dead one.
                let reachable = c.reachable && !faults.contains(&Fault::Reset);
                let robots = site.as_ref().map(|b| {
                    let url = format!("{b}/robots.txt");
                    match own_robots(self, c, faults, b) {
                        Some((_, crawl_delay, disallow)) => RobotsTruth {
                            url,
                            redirects_to: None,
                            status: 200,
                            crawl_delay,
                            disallow,
                        },
                        None if c.kind == Some(SiteKind::Imio) => RobotsTruth {
                            url,
                            redirects_to: Some(format!("{}/robots.txt", base(IMIO_STATIC_HOST))),
                            status: 200,
                            crawl_delay: self.effective_delay(c.crawl_delay),
                            disallow: IMIO_DISALLOW.iter().map(|s| (*s).to_owned()).collect(),
                        },
                        None => RobotsTruth {
                            url,
                            redirects_to: None,
                            status: if c.soft_404 { 200 } else { 404 },
                            crawl_delay: None,
                            disallow: Vec::new(),
                        },
                    }
                });
                let decoys = c
                    .decoys
                    .iter()
                    .map(|d| {
                        let b = site.clone().unwrap_or_default();
                        DecoyTruth {
                            url: format!("{b}{}", d.path),
                            linked_as: (d.link != d.path).then(|| format!("{b}{}", d.link)),
                            kind: d.kind.to_owned(),
                            format: self.files[d.file].payload.truth().0,
                        }
                    })
                    .collect();
                let homepage = site.as_ref().map(|b| {
                    format!(
                        "{b}{}",
                        if c.kind == Some(SiteKind::Custom) {
                            "/"
                        } else {
                            &c.layout.home
                        }
                    )
                });
                let mut datasets: Vec<DatasetTruth> = c
                    .datasets
                    .iter()
                    .map(|&d| self.dataset_truth(&self.datasets[d], port))
                    .collect();
                // The files a fault links from the homepage are published there too.
                if let (Some(b), Some(home), true) = (&site, &homepage, reachable) {
                    datasets.extend(faults.iter().filter_map(|&f| fault_file(f, b, home)));
                }
                CommuneTruth {
                    nis_code: c.info.nis_code.to_string(),
                    name: c.info.name.clone(),
                    province: c.info.province.clone(),
                    population: c.info.population,
                    website: homepage,
                    website_reachable: reachable,
                    site_kind: c.kind,
                    soft_404: c.soft_404,
                    robots,
                    sitemap: sitemap_path(c).and_then(|p| site.as_ref().map(|b| format!("{b}{p}"))),
                    open_data_page: (c.open_data_page && reachable)
                        .then(|| site.as_ref().map(|b| format!("{b}{}", c.layout.open_data)))
                        .flatten(),
                    own_portal: c
                        .own_portal
                        .map(|p| format!("{}/", base(&self.portals[p].host))),
                    links_to_own_portal: c.links_own_portal,
                    links_to_odwb: c.links_odwb,
                    datasets,
                    decoys,
                    declared: declaration(&c.declaration),
                    declaration_kind: c.declaration_kind,
                }
            })
            .collect();
        let mut faults = Vec::new();
        for (host, h) in &self.hosts {
            for f in &h.faults {
                faults.push(FaultTruth {
                    host: host.clone(),
                    fault: f.name().to_owned(),
                    url: f.trigger_path().map(|p| format!("{}{p}", base(host))),
                });
            }
        }
        Manifest {
            seed: self.seed,
            port,
            faults_profile: self.profile.name().to_owned(),
            now: rfc3339(super::dates::NOW),
            hosts: self.hosts(),
            portals,
            communes,
            other_datasets: self
                .other_datasets
                .iter()
                .map(|&d| self.dataset_truth(&self.datasets[d], port))
                .collect(),
            faults,
            platforms: self.platform_truth(port),
            ods_daily_quota: self.ods_quota,
        }
    }

    fn dataset_truth(&self, ds: &DatasetSim, port: u16) -> DatasetTruth {
        let base = |host: &str| format!("http://{host}:{port}");
        let open = ds.licence.as_ref().is_some_and(|l| l.open);
        let landing_page = match (ds.placement, ds.portal, ds.owner) {
            (Placement::Portal, Some(p), _) => {
                let portal = &self.portals[p];
                Some(match portal.kind {
                    super::manifest::PortalKind::Ckan => {
                        format!("{}/dataset/{}", base(&portal.host), ds.id)
                    }
                    _ => format!("{}/explore/dataset/{}/", base(&portal.host), ds.id),
                })
            }
            (Placement::OpenDataPage, _, Some(c)) => {
                let c = &self.communes[c];
                c.host
                    .as_deref()
                    .map(|h| format!("{}{}", base(h), c.layout.open_data))
            }
            (Placement::News(n), _, Some(c)) => {
                let c = &self.communes[c];
                c.host
                    .as_deref()
                    .map(|h| format!("{}{}", base(h), c.news[n].path))
            }
            (Placement::Buried(b), _, Some(c)) => {
                let c = &self.communes[c];
                c.host
                    .as_deref()
                    .map(|h| format!("{}{}", base(h), b.page_path()))
            }
            _ => None,
        };
        let soft_404 = ds
            .owner
            .is_some_and(|c| ds.channel == Channel::Website && self.communes[c].soft_404);
        let distributions = ds
            .dists
            .iter()
            .map(|dist| {
                let url = format!("{}{}", base(&dist.host), dist.path);
                let linked_as = dist
                    .link
                    .as_ref()
                    .map(|l| format!("{}{l}", base(&dist.host)));
                match self.dist_payload(ds, dist).filter(|_| !dist.broken) {
                    Some(served) => {
                        let last_modified = dist
                            .file
                            .map_or(ds.modified, |f| self.files[f].last_modified);
                        DistributionTruth {
                            url,
                            linked_as,
                            last_modified: Some(http_date(last_modified)),
                            ..served_truth(served, open)
                        }
                    }
                    None => DistributionTruth {
                        file_name: dist.path.rsplit('/').next().unwrap_or_default().to_owned(),
                        claimed_format: dist.broken_named_as.and_then(Kind::format_in_name),
                        url,
                        linked_as,
                        // A site with soft 404s answers its "page not found" page with 200.
                        status: if soft_404 { 200 } else { 404 },
                        format: None,
                        container: None,
                        stars_format: 0,
                        stars: 0,
                        content_type: None,
                        mislabelled: false,
                        content_type_wrong: false,
                        last_modified: None,
                        broken: true,
                        fault: None,
                        personal_data: Vec::new(),
                        standard: None,
                        standard_conforms: None,
                    },
                }
            })
            .collect();
        DatasetTruth {
            id: ds.id.clone(),
            channel: ds.channel,
            portal: ds.portal.map(|p| self.portals[p].id.clone()),
            title: ds.title.clone(),
            publisher: ds.publisher.clone(),
            landing_page,
            licence: ds.licence.as_ref().map(|l| LicenceTruth {
                id: l.id.to_owned(),
                title: l.title.to_owned(),
                open: l.open,
            }),
            modified: Some(rfc3339(ds.modified)),
            // Website pages state no frequency: what is not written anywhere is not stated.
            frequency: ds
                .frequency
                .filter(|_| ds.placement == Placement::Portal)
                .map(str::to_owned),
            reachable_from_homepage: ds.reachable,
            distributions,
        }
    }
}

/// What is true of a file served whole: what the world wrote, and whether the name and
/// Content-Type it chose for it say otherwise. URL, link and date are the caller's.
fn served_truth(served: ServedFile, open: bool) -> DistributionTruth {
    let (format, container, stars_format) = served.payload.truth();
    let truth = Kind { format, container };
    let named_as = served.payload.named_as();
    let rows = served.payload.rows_truth();
    DistributionTruth {
        url: String::new(),
        linked_as: None,
        status: 200,
        format: Some(format),
        container,
        stars_format,
        stars: if open { stars_format } else { 0 },
        content_type: served.content_type,
        claimed_format: named_as.format_in_name(),
        file_name: served.name,
        mislabelled: named_as != truth,
        content_type_wrong: served.typed_as.is_some_and(|t| t != truth),
        last_modified: None,
        broken: false,
        fault: None,
        personal_data: rows.personal_data.iter().map(|k| (*k).to_owned()).collect(),
        standard: rows.standard.map(|(s, _)| s.to_owned()),
        standard_conforms: rows.standard.map(|(_, c)| c),
    }
}

/// The file `fault` serves on a site whose root is `base` and homepage `home` (which links
/// it under the fault's name), as a dataset of the site: no licence, date or frequency is
/// stated anywhere, and no `Last-Modified` is served.
fn fault_file(fault: Fault, base: &str, home: &str) -> Option<DatasetTruth> {
    let (format, stars_format) = fault.served_file()?;
    let path = fault.trigger_path()?;
    let file_name = path.rsplit('/').next().unwrap_or_default().to_owned();
    let truth = Kind::plain(format);
    Some(DatasetTruth {
        id: format!("fault-{}", fault.name()),
        channel: Channel::Website,
        portal: None,
        title: fault.name().replace('_', " "),
        publisher: None,
        landing_page: Some(home.to_owned()),
        licence: None,
        modified: None,
        frequency: None,
        reachable_from_homepage: true,
        distributions: vec![DistributionTruth {
            url: format!("{base}{path}"),
            linked_as: None,
            status: 200,
            format: Some(format),
            container: None,
            stars_format,
            stars: 0,
            content_type: Some(FAULT_FILE_CONTENT_TYPE.to_owned()),
            claimed_format: Some(FAULT_FILE_LABEL.format),
            file_name,
            mislabelled: FAULT_FILE_LABEL != truth,
            content_type_wrong: FAULT_FILE_LABEL != truth,
            last_modified: None,
            broken: false,
            fault: Some(fault.name().to_owned()),
            personal_data: Vec::new(),
            standard: None,
            standard_conforms: None,
        }],
    })
}

fn declaration(d: &Declared) -> Declaration {
    Declaration {
        opens_data: if d.opens_data { "oui" } else { "non" }.to_owned(),
        channels: d.channels.iter().map(|s| (*s).to_owned()).collect(),
        formats: d.formats.iter().map(|s| (*s).to_owned()).collect(),
        update: d.update.to_owned(),
        communication: d.communication.iter().map(|s| (*s).to_owned()).collect(),
        planned_opening: d.planned_opening.map(str::to_owned),
    }
}
