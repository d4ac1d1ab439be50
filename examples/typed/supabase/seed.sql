-- Example rows, loaded after the migrations by scripts/demo.
insert into public.planets (name, kind, mass_earths, discovered, tags) values
  ('Mercury', 'terrestrial', 0.0553, null, '{inner,rocky}'),
  ('Venus', 'terrestrial', 0.8150, null, '{inner,rocky,hot}'),
  ('Earth', 'terrestrial', 1.0000, null, '{inner,rocky,home}'),
  ('Mars', 'terrestrial', 0.1070, null, '{inner,rocky,red}'),
  ('Jupiter', 'gas giant', 317.8000, null, '{outer,giant}'),
  ('Saturn', 'gas giant', 95.2000, null, '{outer,giant,rings}'),
  ('Uranus', 'ice giant', 14.5000, '1781-03-13', '{outer,giant}'),
  ('Neptune', 'ice giant', 17.1000, '1846-09-23', '{outer,giant}'),
  ('Pluto', 'dwarf', 0.0022, '1930-02-18', '{kuiper}');

insert into public.moons (planet_id, name, radius_km)
select p.id, m.name, m.radius_km
from (values
  ('Earth', 'Moon', 1737),
  ('Mars', 'Phobos', 11), ('Mars', 'Deimos', 6),
  ('Jupiter', 'Io', 1822), ('Jupiter', 'Europa', 1561), ('Jupiter', 'Ganymede', 2634), ('Jupiter', 'Callisto', 2410),
  ('Saturn', 'Titan', 2575), ('Saturn', 'Enceladus', 252),
  ('Neptune', 'Triton', 1353), ('Pluto', 'Charon', 606)
) as m(planet, name, radius_km)
join public.planets p on p.name = m.planet;
