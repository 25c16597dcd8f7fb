//! Portal adapters: OpenDataSoft, CKAN, DCAT catalogues. (Being written.)
