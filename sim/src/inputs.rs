//! The input files of an audit of the simulated world: the targets with the sim's URLs,
//! the regional portals, and the 2020 declarations — so an audit can run on it exactly as
//! on the real communes.

use std::path::Path;

use super::SimError;
use super::world::World;

impl World {
    /// Write `wallonia.csv`, `portals.csv` and `declarations-2020.csv` into `dir`, with
    /// URLs on `port`.
    pub fn write_inputs(&self, dir: &Path, port: u16) -> Result<(), SimError> {
        std::fs::create_dir_all(dir).map_err(|e| SimError::Io(dir.to_owned(), e))?;
        let manifest = self.manifest(port);
        let io = |name: &str, e: csv::Error| SimError::Io(dir.join(name), std::io::Error::other(e));

        let mut w =
            csv::Writer::from_path(dir.join("wallonia.csv")).map_err(|e| io("wallonia.csv", e))?;
        w.write_record([
            "nis_code",
            "name",
            "province",
            "population",
            "website",
            "own_portal",
            "aliases",
        ])
        .map_err(|e| io("wallonia.csv", e))?;
        for (c, t) in self.communes.iter().zip(&manifest.communes) {
            w.write_record([
                t.nis_code.as_str(),
                &t.name,
                &t.province,
                &t.population.to_string(),
                t.website.as_deref().unwrap_or(""),
                t.own_portal.as_deref().unwrap_or(""),
                &c.info.aliases.join("|"),
            ])
            .map_err(|e| io("wallonia.csv", e))?;
        }
        w.flush()
            .map_err(|e| SimError::Io(dir.join("wallonia.csv"), e))?;

        let mut w =
            csv::Writer::from_path(dir.join("portals.csv")).map_err(|e| io("portals.csv", e))?;
        w.write_record(["id", "kind", "url", "name"])
            .map_err(|e| io("portals.csv", e))?;
        for p in manifest.portals.iter().filter(|p| p.owner_nis.is_none()) {
            w.write_record([p.id.as_str(), "opendatasoft", &p.url, &p.name])
                .map_err(|e| io("portals.csv", e))?;
        }
        w.flush()
            .map_err(|e| SimError::Io(dir.join("portals.csv"), e))?;

        let mut w = csv::Writer::from_path(dir.join("declarations-2020.csv"))
            .map_err(|e| io("declarations-2020.csv", e))?;
        w.write_record([
            "nis_code",
            "year",
            "opens_data",
            "channels",
            "formats",
            "update",
            "communication",
            "planned_opening",
        ])
        .map_err(|e| io("declarations-2020.csv", e))?;
        for t in &manifest.communes {
            let d = &t.declared;
            w.write_record([
                t.nis_code.as_str(),
                "2020",
                &d.opens_data,
                &d.channels.join("|"),
                &d.formats.join("|"),
                &d.update,
                &d.communication.join("|"),
                d.planned_opening.as_deref().unwrap_or(""),
            ])
            .map_err(|e| io("declarations-2020.csv", e))?;
        }
        w.flush()
            .map_err(|e| SimError::Io(dir.join("declarations-2020.csv"), e))?;
        Ok(())
    }
}
