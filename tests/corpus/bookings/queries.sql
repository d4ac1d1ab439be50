-- schemas: public,scheduling

-- name: locations_list
-- args: []
-- expect: ok
select id, name, timezone from locations order by name;

-- name: location_city
-- args: ["Lisbon"]
-- expect: ok
select id, name from locations where address->>'city' = $1;

-- name: resources_at_location
-- args: ["10000000-0000-4000-8000-000000000001"]
-- expect: ok
select id, name, type, capacity from resources where location_id = $1 and active order by name;

-- name: rooms_with_capacity
-- args: [8]
-- expect: ok
select id, name, capacity from resources where "type" = 'room' and capacity >= $1 order by capacity desc;

-- name: resources_with_feature
-- args: ["video"]
-- expect: ok
select name from resources where $1 = any(features) order by name;

-- name: resources_with_all_features
-- args: [["whiteboard", "video"]]
-- expect: ok
select name, features from resources where features @> $1 order by name;

-- name: resources_by_types
-- args: [["desk", "equipment"]]
-- expect: ok
select id, name, type from resources where type = any($1) order by id;

-- name: resources_with_location
-- args: []
-- expect: ok
select r.id, r.name, l.name as location, l.timezone
from resources r
join locations l on l.id = r.location_id
where r.active
order by r.id;

-- name: locations_with_resources
-- args: []
-- expect: ok
select l.name, r.name as resource
from locations l
left join resources r on r.location_id = l.id;

-- name: free_rate_resources
-- args: []
-- expect: ok
select id, name from resources where hourly_rate is null;

-- name: affordable_rooms
-- args: [30.0]
-- expect: ok
select id, name, hourly_rate from resources where hourly_rate <= $1 and type = 'room' order by hourly_rate, id;

-- name: bookings_for_resource
-- args: [2]
-- expect: ok
select id, title, starts_at, ends_at, status from bookings where resource_id = $1 order by starts_at;

-- name: bookings_overlapping
-- args: ["[2024-03-04 10:30:00+00,2024-03-04 12:30:00+00)"]
-- expect: ok
select id, resource_id, during from bookings where during && $1::tstzrange order by id;

-- name: bookings_containing_instant
-- args: ["2024-03-04T11:30:00Z"]
-- expect: ok
select id, resource_id from bookings where during @> $1::timestamptz order by id;

-- name: bookings_within_range
-- args: ["[2024-03-04 00:00:00+00,2024-03-04 16:00:00+00)"]
-- expect: ok
select id from bookings where during <@ $1::tstzrange order by id;

-- name: bookings_starting_between
-- args: ["2024-03-04T14:00:00Z", "2024-03-04T20:00:00Z"]
-- expect: ok
select id, title, starts_at from bookings where starts_at between $1 and $2 and status <> 'cancelled' order by starts_at, id;

-- name: bookings_of_user_page
-- args: ["22222222-2222-4222-8222-222222222222", 3, 3]
-- expect: ok
select id, title, starts_at from bookings where booked_by = $1 order by starts_at desc, id limit $2 offset $3;

-- name: bookings_with_resource
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select b.id, b.title, r.name as resource, r.type
from bookings b
join resources r on r.id = b.resource_id
where b.booked_by = $1
order by b.id;

-- name: bookings_with_resource_and_location
-- args: [10]
-- expect: ok
select b.id, b.title, r.name as resource, l.name as location
from bookings b
join resources r on r.id = b.resource_id
join locations l on l.id = r.location_id
where b.id <= $1
order by b.id;

-- name: bookings_at_location
-- args: ["10000000-0000-4000-8000-000000000002"]
-- expect: ok
select b.id, b.title from bookings b join resources r on r.id = b.resource_id where r.location_id = $1 order by b.id;

-- name: tentative_bookings
-- args: []
-- expect: ok
select id, title from bookings where status = 'tentative'::booking_status order by id;

-- name: bookings_with_notes
-- args: ["%laptop%"]
-- expect: ok
select id, notes from bookings where notes ilike $1 order by id;

-- name: large_meetings
-- args: [6]
-- expect: ok
select id, attendees from bookings where attendees > $1 and status is distinct from 'cancelled' order by attendees desc, id;

-- name: booking_count_per_status
-- args: []
-- expect: ok
select status, count(*) as n from bookings group by status;

-- name: attendees_per_resource
-- args: []
-- expect: ok
select resource_id, sum(attendees) as attendees, max(attendees) as largest from bookings group by resource_id;

-- name: utilisation_view
-- args: [1]
-- expect: ok
select resource_id, name, bookings, booked_hours from resource_utilisation where bookings >= $1 order by booked_hours desc, resource_id;

-- name: opening_hours_of_location
-- args: ["10000000-0000-4000-8000-000000000002"]
-- expect: ok
select weekday, opens, closes from opening_hours where location_id = $1 order by weekday;

-- name: create_booking
-- args: [4, "11111111-1111-4111-8111-111111111111", "Deep work", "[2024-03-05 08:00:00+00,2024-03-05 12:00:00+00)"]
-- expect: ok
insert into bookings (resource_id, booked_by, title, during, created_at) values ($1, $2, $3, $4, '2024-03-04T20:00:00Z')
returning resource_id, title, during, starts_at, ends_at, status;

-- name: cancel_booking
-- args: [12, "33333333-3333-4333-8333-333333333333"]
-- expect: ok
update bookings set status = 'cancelled' where id = $1 and booked_by = $2 returning id, status;

-- name: confirm_tentative
-- args: [[7, 14]]
-- expect: ok
update bookings set status = 'confirmed' where id = any($1) and status = 'tentative' returning id;

-- name: delete_cancelled
-- args: []
-- expect: ok
delete from bookings where status = 'cancelled' returning id;

-- name: upsert_opening_hours
-- args: ["10000000-0000-4000-8000-000000000001", 6, "10:00", "14:00"]
-- expect: ok
insert into opening_hours (location_id, weekday, opens, closes) values ($1, $2, $3, $4)
on conflict (location_id, weekday) do update set opens = excluded.opens, closes = excluded.closes
returning weekday, opens, closes;

-- name: deactivate_resource
-- args: [6]
-- expect: ok
update resources set active = false where id = $1 returning id, active;

-- name: is_available_fn
-- args: [1, "2024-03-04T08:00:00Z", "2024-03-04T09:00:00Z"]
-- expect: ok
select is_available($1, $2, $3);

-- name: free_resources_fn
-- args: ["10000000-0000-4000-8000-000000000001", "2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z"]
-- expect: ok
select * from scheduling.free_resources($1, $2, $3);

-- name: free_rooms_fn_filtered
-- args: ["10000000-0000-4000-8000-000000000001", "2024-03-04T08:00:00Z", "2024-03-04T09:00:00Z"]
-- expect: ok
select id, name from scheduling.free_resources(at_location => $1, from_ts => $2, to_ts => $3) where type = 'room';

-- name: book_fn
-- args: [3, "55555555-5555-4555-8555-555555555555", "Quiet desk", "2024-03-06T08:00:00Z", "2024-03-06T17:00:00Z"]
-- expect: ok
select resource_id, title, status from scheduling.book($1, $2, $3, $4, $5);

-- name: booking_hours
-- args: []
-- expect: inexpressible
select id, extract(epoch from upper(during) - lower(during)) / 3600 as hours from bookings where id <= 5 order by id;

-- name: bookings_with_booker_email
-- args: []
-- expect: inexpressible
select b.id, u.email from bookings b join auth.users u on u.id = b.booked_by where b.id <= 4 order by b.id;

-- name: overlapping_range_built
-- args: ["2024-03-04T10:30:00Z", "2024-03-04T12:30:00Z"]
-- expect: inexpressible
select id from bookings where during && tstzrange($1, $2) order by id;

-- name: upcoming_bookings
-- args: []
-- expect: inexpressible
select id from bookings where lower(during) > now() order by id;

-- name: busiest_resources
-- args: []
-- expect: inexpressible
select resource_id, count(*) as n from bookings where status <> 'cancelled' group by resource_id order by n desc, resource_id limit 3;

-- name: gaps_between_bookings
-- args: [2]
-- expect: inexpressible
select id, lower(during) - lag(upper(during)) over (order by lower(during)) as gap from bookings where resource_id = $1 order by lower(during);

-- name: resources_never_booked
-- args: []
-- expect: ok
select id, name from resources r where not exists (select 1 from bookings b where b.resource_id = r.id) order by id;

-- name: locations_with_room_count
-- args: []
-- expect: inexpressible
select l.name, count(r.id) filter (where r.type = 'room') as rooms from locations l left join resources r on r.location_id = l.id group by l.name order by l.name;

-- name: distinct_bookers
-- args: []
-- expect: inexpressible
select distinct booked_by from bookings order by booked_by;

-- name: bookings_per_day
-- args: []
-- expect: inexpressible
select date_trunc('day', lower(during)) as day, count(*) as n from bookings group by 1 order by 1;

-- name: cost_of_booking
-- args: [1]
-- expect: inexpressible
select b.id, r.hourly_rate * extract(epoch from upper(b.during) - lower(b.during)) / 3600 as cost
from bookings b join resources r on r.id = b.resource_id where b.id = $1;

-- name: move_bookings_to_room
-- args: [1, 2]
-- expect: inexpressible
with moved as (update bookings set resource_id = $2 where resource_id = $1 and status = 'cancelled' returning id)
select count(*) as moved from moved;

-- name: bookings_overlapping_window
-- args: []
-- expect: ok
select id from bookings where during && '[2024-03-04 09:30:00+00, 2024-03-04 11:30:00+00)' order by id;

-- name: rooms_with_known_features
-- args: []
-- expect: ok
select name from resources where features <@ array['projector', 'whiteboard', 'video'] and type = 'room' order by name;

-- name: bookings_after_day
-- args: []
-- expect: ok
select id from bookings where during >> '[2024-03-04 00:00:00+00, 2024-03-04 13:30:00+00)'::tstzrange order by id;

-- name: free_rooms_by_capacity
-- args: ["10000000-0000-4000-8000-000000000001", "2024-03-04T08:00:00Z", "2024-03-04T09:00:00Z"]
-- expect: ok
select name from scheduling.free_resources(at_location => $1, from_ts => $2, to_ts => $3) order by capacity desc, name;

-- name: long_bookings
-- args: []
-- expect: inexpressible
select id from bookings where ends_at - starts_at > interval '2 hours';

-- name: bookings_outside_morning_not_cancelled
-- args: []
-- expect: ok
select id, status from bookings where not (during && '[2024-03-04 09:00:00+00, 2024-03-04 12:00:00+00)' or status = 'cancelled') order by id;
