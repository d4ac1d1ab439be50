-- schemas: public,box_office

-- name: upcoming_page
-- args: []
-- expect: ok
SELECT "id", "slug", "title", "starts_at", "venue_name", "city"
FROM public.upcoming_events
ORDER BY "starts_at"
LIMIT 10;

-- name: event_by_slug
-- args: ["event-15"]
-- expect: ok
SELECT * FROM public.events WHERE slug = $1;

-- name: event_by_external_id
-- args: ["mu-1016"]
-- expect: ok
select id, title, "externalId" from events where "externalId" = $1;

-- name: events_in_statuses
-- args: []
-- expect: ok
SELECT e.id, e.title, e.status
FROM events AS e
WHERE e.status IN ('published', 'completed')
ORDER BY e.starts_at DESC
LIMIT ALL;

-- name: events_not_in_statuses
-- args: []
-- expect: ok
SELECT id, title, status FROM public.events WHERE status NOT IN ('cancelled', 'draft') ORDER BY starts_at;

-- name: events_between
-- args: ["2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"]
-- expect: ok
SELECT id, title, starts_at
FROM public.events
WHERE starts_at BETWEEN $1 AND $2
ORDER BY starts_at;

-- name: events_not_between
-- args: ["2024-02-01T00:00:00Z", "2031-01-01T00:00:00Z"]
-- expect: ok
select slug, starts_at from events where starts_at not between $1 and $2 order by starts_at;

-- name: events_tagged
-- args: ["programming"]
-- expect: ok
SELECT id, title, tags FROM events WHERE $1 = ANY(tags) ORDER BY starts_at;

-- name: events_with_any_tag
-- args: [["jazz", "photography"]]
-- expect: ok
select id, title, tags from events where tags && $1::text[] order by starts_at;

-- name: events_quoted_everything
-- args: []
-- expect: ok
SELECT "e"."id", "e"."title", "e"."price" /* shown on the landing page */
FROM "public"."events" AS "e"
WHERE "e"."status" = 'published' AND "e"."price" > 0
ORDER BY "e"."starts_at" ASC;

-- name: events_by_capacity
-- args: []
-- expect: ok
SELECT title, capacity
FROM events
-- biggest rooms first, unknown capacity at the end
ORDER BY capacity DESC NULLS LAST, title;

-- name: events_open_ended
-- args: []
-- expect: ok
select title, starts_at from events where ends_at is null and status = 'completed'::event_status order by starts_at;

-- name: events_page
-- args: [5, 10]
-- expect: ok
SELECT id, slug FROM events ORDER BY starts_at, id LIMIT $1 OFFSET $2;

-- name: events_skip_first
-- args: []
-- expect: ok
select slug from events order by slug offset 20;

-- name: events_free_or_big
-- args: []
-- expect: ok
SELECT slug, price, capacity
FROM events
WHERE (status = 'published' OR status = 'completed') AND (price = 0 OR capacity >= 100)
ORDER BY slug;

-- name: events_not_draft
-- args: []
-- expect: ok
select slug from events where not (status = 'draft') and not is_online order by slug;

-- name: events_external_like
-- args: []
-- expect: ok
SELECT id, "externalId" AS external_id
FROM events
WHERE "externalId" LIKE 'mu-101%'
ORDER BY "externalId" NULLS LAST;

-- name: events_title_not_ilike
-- args: ["%night%"]
-- expect: ok
select title from events where title not ilike $1 and status = 'published' order by title;

-- name: events_order_by_ordinal
-- args: []
-- expect: ok
SELECT slug, price FROM events WHERE status = 'published' ORDER BY 2 DESC, 1;

-- name: event_with_venue
-- args: []
-- expect: ok
SELECT e.title, v.name AS venue, v.city
FROM public.events e
LEFT JOIN public.venues v ON v.id = e.venue_id
WHERE e.status = 'published'
ORDER BY e.starts_at;

-- name: events_in_city
-- args: ["Berlin"]
-- expect: ok
select e.slug, e.starts_at, v.name as venue
from events e
join venues v on e.venue_id = v.id
where v.city = $1 and e.status <> 'cancelled'
order by e.starts_at;

-- name: venue_with_events
-- args: [2]
-- expect: ok
SELECT v.name, e.title
FROM venues v
JOIN events e ON e.venue_id = v.id
WHERE v.id = $1
ORDER BY e.starts_at;

-- name: organizers_with_events
-- args: []
-- expect: ok
select p.display_name, e.title
from profiles p
join events e on e.organizer_id = p.id
where p.is_organizer
order by p.display_name, e.starts_at;

-- name: ticket_types_with_event
-- args: [40]
-- expect: ok
SELECT tt.name, tt.price, e.title
FROM ticket_types tt
JOIN events e ON e.id = tt.event_id
WHERE tt.price > $1
ORDER BY e.title, tt.position;

-- name: ticket_types_for_event
-- args: ["e0000000-0000-4000-8000-000000000012"]
-- expect: ok
select id, name, price, quantity, /* sold so far */ sold
from ticket_types
where event_id = $1 -- the event page
order by position, name;

-- name: ticket_types_remaining
-- args: ["e0000000-0000-4000-8000-000000000012"]
-- expect: inexpressible
select name, quantity - sold as remaining from ticket_types where event_id = $1 order by position;

-- name: ticket_types_on_sale_now
-- args: []
-- expect: inexpressible
SELECT id, name FROM ticket_types WHERE sales_end > now() OR sales_end IS NULL ORDER BY id;

-- name: ticket_types_on_sale_at
-- args: ["e0000000-0000-4000-8000-000000000012", "2024-01-01T00:00:00Z"]
-- expect: ok
select id, name, sales_end from ticket_types
where event_id = $1 and (sales_end is null or sales_end > $2)
order by position;

-- name: my_orders_auth
-- args: []
-- expect: inexpressible
select id, status, total, currency, created_at from orders where buyer_id = auth.uid() order by created_at desc;

-- name: orders_for_buyer
-- args: ["22222222-2222-4222-8222-222222222222", 5]
-- expect: ok
SELECT id, status, total, created_at
FROM public.orders
WHERE buyer_id = $1 AND status IN ('paid', 'refunded')
ORDER BY created_at DESC
LIMIT $2;

-- name: orders_in_currencies
-- args: [["GBP"]]
-- expect: ok
select id, total, currency from orders where currency = any($1) order by created_at;

-- name: orders_with_promo_excluding
-- args: [["paid"]]
-- expect: ok
select id, promo_code, status from orders where promo_code is not null and status <> all($1) order by id;

-- name: order_with_tickets
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
SELECT o.id, o.status, t.code, t.holder_name
FROM orders o
JOIN tickets t ON t.order_id = o.id
WHERE o.id = $1
ORDER BY t.code;

-- name: tickets_in_order
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
SELECT t.code, tt.name AS ticket_type, e.title
FROM tickets t
JOIN ticket_types tt ON tt.id = t.ticket_type_id
JOIN events e ON e.id = t.event_id
WHERE t.order_id = $1
ORDER BY t.code;

-- name: tickets_not_transferred
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT code, holder_name
FROM tickets
WHERE event_id = $1 AND transferred IS NOT TRUE -- null means never asked
ORDER BY code;

-- name: tickets_kept
-- args: []
-- expect: ok
select code from tickets where transferred is false and holder_email is not null order by code limit 5;

-- name: ticket_holders_coalesce
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: inexpressible
SELECT code, COALESCE(holder_name, 'Guest') AS holder FROM tickets WHERE order_id = $1 ORDER BY code;

-- name: check_in_ticket
-- args: ["b0000000-0000-4000-8000-000000000071", "11111111-1111-4111-8111-111111111111", "C", "2024-03-20T18:30:00Z"]
-- expect: ok
INSERT INTO public.check_ins (ticket_id, scanned_by, gate, checked_in_at)
VALUES ($1, $2, $3, $4)
RETURNING *;

-- name: check_in_ticket_now
-- args: ["b0000000-0000-4000-8000-000000000071", "11111111-1111-4111-8111-111111111111"]
-- expect: inexpressible
insert into check_ins (ticket_id, scanned_by, gate, checked_in_at) values ($1, $2, 'A', now()) returning id;

-- name: check_ins_for_event
-- args: ["e0000000-0000-4000-8000-000000000008"]
-- expect: ok
SELECT c.checked_in_at, c.gate, t.code
FROM check_ins c
JOIN tickets t ON t.id = c.ticket_id
WHERE t.event_id = $1
ORDER BY c.checked_in_at, t.code;

-- name: check_ins_at_gate
-- args: ["A"]
-- expect: ok
SELECT count(*) AS checked_in FROM check_ins WHERE gate = $1;

-- name: check_ins_per_gate
-- args: []
-- expect: ok
select gate, count(*) from check_ins group by gate;

-- name: rsvp_counts_filter
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: inexpressible
SELECT
    count(*) FILTER (WHERE response = 'going') AS going,
    count(*) FILTER (WHERE response = 'maybe') AS maybe
FROM rsvps
WHERE event_id = $1;

-- name: rsvp_lookup
-- args: ["e0000000-0000-4000-8000-000000000001", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
SELECT * FROM rsvps WHERE event_id = $1 AND user_id = $2;

-- name: rsvp_upsert
-- args: ["e0000000-0000-4000-8000-000000000015", "44444444-4444-4444-8444-444444444444", "maybe", 2, "2024-06-01T10:00:00Z"]
-- expect: ok
INSERT INTO rsvps (event_id, user_id, response, guests, responded_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (event_id, user_id) DO UPDATE
SET response = EXCLUDED.response, guests = EXCLUDED.guests, responded_at = EXCLUDED.responded_at
RETURNING *;

-- name: rsvp_maybe_once
-- args: ["e0000000-0000-4000-8000-000000000015", "66666666-6666-4666-8666-666666666666"]
-- expect: ok
INSERT INTO public.rsvps (event_id, user_id, response)
VALUES ($1, $2, 'maybe')
ON CONFLICT ON CONSTRAINT rsvps_pkey DO NOTHING;

-- name: join_waitlist
-- args: ["e0000000-0000-4000-8000-000000000020", "11111111-1111-4111-8111-111111111111", 5, "2024-06-02T09:00:00Z"]
-- expect: ok
INSERT INTO waitlist (event_id, user_id, position, joined_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT ON CONSTRAINT waitlist_event_user_key DO NOTHING
RETURNING id, position;

-- name: add_ticket_types
-- args: ["e0000000-0000-4000-8000-000000000020"]
-- expect: ok
INSERT INTO ticket_types (event_id, name, price, quantity, position)
VALUES
    ($1, 'Standing', 15.00, 100, 3),
    ($1, 'Balcony', 25.00, 40, 4)
RETURNING id, name, price;

-- name: save_rsvp_answers
-- args: ["e0000000-0000-4000-8000-000000000001", "44444444-4444-4444-8444-444444444444", "vegan", "M"]
-- expect: ok
insert into rsvp_answers (event_id, user_id, question, answer)
values ($1, $2, 'dietary', $3), ($1, $2, 'tshirt', $4)
on conflict do nothing;

-- name: upsert_ticket_type_price
-- args: ["e0000000-0000-4000-8000-000000000012", "VIP", 65.00, 12]
-- expect: ok
INSERT INTO ticket_types (event_id, name, price, quantity)
VALUES ($1, $2, $3, $4)
ON CONFLICT ON CONSTRAINT ticket_types_event_name_key
DO UPDATE SET price = EXCLUDED.price, quantity = EXCLUDED.quantity
RETURNING id, name, price, quantity;

-- name: create_event
-- args: ["e0000000-0000-4000-8000-000000000099", "11111111-1111-4111-8111-111111111111", "Rust Berlin #99", "event-99", "2031-09-01T18:00:00Z", 80, ["rust", "programming"], 5.5, "mu-1099", "2024-06-01T12:00:00Z"]
-- expect: ok
INSERT INTO public.events (id, organizer_id, title, slug, starts_at, capacity, tags, price, "externalId", created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING *;

-- name: create_order
-- args: ["e0000000-0000-4000-8000-000000000015", "44444444-4444-4444-8444-444444444444", 27.5]
-- expect: ok
insert into orders (event_id, buyer_id, total) values ($1, $2, $3) returning event_id, status, total, currency;

-- name: reset_external_id
-- args: ["e0000000-0000-4000-8000-000000000013", "cancelled"]
-- expect: ok
UPDATE public.events
SET status = $2, "externalId" = DEFAULT
WHERE id = $1
RETURNING id, status, "externalId";

-- name: reprice_ticket_type
-- args: [13, 19.99]
-- expect: ok
UPDATE ticket_types SET price = $2, sold = DEFAULT WHERE id = $1 RETURNING id, price, sold;

-- name: decline_rsvp
-- args: ["e0000000-0000-4000-8000-000000000001", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
UPDATE rsvps SET response = 'not_going', guests = 0
WHERE event_id = $1 AND user_id = $2
RETURNING *;

-- name: cancel_event
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
update events set status = 'cancelled'::event_status where id = $1 and status <> 'completed' returning id, status;

-- name: cancel_stale_orders
-- args: ["2024-02-15T00:00:00Z"]
-- expect: ok
UPDATE orders SET status = 'cancelled'
WHERE status = 'pending' AND created_at < $1
RETURNING id;

-- name: notify_waitlist_now
-- args: [3]
-- expect: inexpressible
UPDATE waitlist SET notified_at = now() WHERE id = $1;

-- name: sell_one_ticket
-- args: [13]
-- expect: inexpressible
update ticket_types set sold = sold + 1 where id = $1 returning sold;

-- name: remove_rsvp
-- args: ["e0000000-0000-4000-8000-000000000001", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
DELETE FROM public.rsvps WHERE event_id = $1 AND user_id = $2 RETURNING event_id, user_id, response;

-- name: trim_waitlist
-- args: ["e0000000-0000-4000-8000-000000000015", 2]
-- expect: ok
DELETE FROM waitlist w WHERE w.event_id = $1 AND w.position > $2 RETURNING *;

-- name: void_order_tickets
-- args: ["a0000000-0000-4000-8000-000000000007"]
-- expect: ok
delete from tickets where order_id = $1 returning code;

-- name: events_with_waitlist
-- args: []
-- expect: ok
SELECT e.id, e.title
FROM events e
WHERE EXISTS (SELECT 1 FROM waitlist w WHERE w.event_id = e.id)
ORDER BY e.starts_at;

-- name: events_without_tickets
-- args: []
-- expect: ok
select e.slug from events e where not exists (select 1 from tickets t where t.event_id = e.id) order by e.slug;

-- name: event_attendees
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT p.display_name, r.response, r.guests
FROM rsvps r
JOIN profiles p ON p.id = r.user_id
WHERE r.event_id = $1 AND r.response = 'going'
ORDER BY p.display_name;

-- name: my_rsvp_events
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
SELECT e.title, e.starts_at, r.response
FROM rsvps AS r
INNER JOIN events AS e ON e.id = r.event_id
WHERE r.user_id = $1
ORDER BY e.starts_at DESC;

-- name: event_guest_list
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
select e.title, p.display_name, r.response
from events e
join rsvps r on r.event_id = e.id
join profiles p on p.id = r.user_id
where e.id = $1
order by r.responded_at;

-- name: rsvp_answers_with_response
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
SELECT a.event_id, a.question, a.answer, r.response
FROM rsvp_answers a
JOIN rsvps r ON r.event_id = a.event_id AND r.user_id = a.user_id
WHERE a.user_id = $1
ORDER BY a.event_id, a.question;

-- name: rsvp_with_answers
-- args: ["e0000000-0000-4000-8000-000000000001", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
select r.response, r.guests, a.question, a.answer
from rsvps r
left join rsvp_answers a on a.event_id = r.event_id and a.user_id = r.user_id
where r.event_id = $1 and r.user_id = $2;

-- name: promo_codes_for_event
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT code, discount_pct, used, max_uses
FROM box_office.promo_codes
WHERE event_id = $1
ORDER BY discount_pct DESC;

-- name: promo_code_valid
-- args: ["STUDENT", "2031-01-01T00:00:00Z"]
-- expect: inexpressible
select code, discount_pct from box_office.promo_codes
where code = $1 and (expires_at is null or expires_at > $2) and (max_uses is null or used < max_uses);

-- name: promo_codes_with_event
-- args: []
-- expect: inexpressible
SELECT pc.code, pc.discount_pct, e.title
FROM box_office.promo_codes pc
JOIN public.events e ON e.id = pc.event_id
ORDER BY pc.code;

-- name: upsert_promo_code
-- args: ["SUMMER", "e0000000-0000-4000-8000-000000000016", 15]
-- expect: ok
INSERT INTO box_office.promo_codes (code, event_id, discount_pct)
VALUES ($1, $2, $3)
ON CONFLICT (code) DO UPDATE SET event_id = EXCLUDED.event_id, discount_pct = EXCLUDED.discount_pct
RETURNING code, discount_pct, used;

-- name: redeem_promo_code
-- args: ["EARLY10", "e0000000-0000-4000-8000-000000000015", 10]
-- expect: inexpressible
insert into box_office.promo_codes (code, event_id, discount_pct) values ($1, $2, $3)
on conflict (code) do update set used = promo_codes.used + 1
returning used;

-- name: unpaid_payouts
-- args: []
-- expect: ok
SELECT id, amount, currency FROM box_office.payouts WHERE paid_at IS NULL ORDER BY period_start, id;

-- name: seats_left
-- args: ["e0000000-0000-4000-8000-000000000001"]
-- expect: ok
SELECT public.seats_left($1) AS seats;

-- name: seats_left_named
-- args: ["e0000000-0000-4000-8000-000000000002"]
-- expect: ok
select seats_left(p_event_id => $1);

-- name: search_events_fn
-- args: ["rust"]
-- expect: ok
SELECT id, title, starts_at FROM search_events($1) ORDER BY starts_at LIMIT 5;

-- name: my_rsvps_fn
-- args: []
-- expect: ok
SELECT * FROM my_rsvps();

-- name: events_near_berlin
-- args: [52.52, 13.4]
-- expect: ok
SELECT * FROM public.events_near(p_lat => $1, p_lng => $2) WHERE city = 'Berlin';

-- name: event_by_slug_fn
-- args: ["event-16"]
-- expect: ok
select * from event_by_slug($1);

-- name: rsvp_fn
-- args: ["e0000000-0000-4000-8000-000000000016"]
-- expect: ok
SELECT * FROM rsvp(p_event_id => $1, p_response => 'maybe');

-- name: event_revenue
-- args: ["e0000000-0000-4000-8000-000000000008"]
-- expect: ok
SELECT box_office.revenue($1) AS revenue;

-- name: sales_by_type
-- args: ["e0000000-0000-4000-8000-000000000008"]
-- expect: ok
SELECT ticket_type, sold, remaining FROM box_office.sales_by_type($1);

-- name: paid_orders_for_event
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT id, status, total
FROM box_office.orders_for_event($1)
WHERE status = 'paid'
ORDER BY total DESC, id;

-- name: ticket_by_code
-- args: ["TCK-002-1"]
-- expect: ok
select * from box_office.ticket_by_code($1);

-- name: refund_order
-- args: ["a0000000-0000-4000-8000-000000000001"]
-- expect: ok
SELECT box_office.refund_order($1);

-- name: order_totals_by_status
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT status, count(*) AS orders, sum(total) AS revenue
FROM orders
WHERE event_id = $1
GROUP BY status;

-- name: organizer_date_range
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
SELECT min(starts_at) AS first_event, max(starts_at) AS last_event FROM events WHERE organizer_id = $1;

-- name: avg_ticket_price
-- args: ["e0000000-0000-4000-8000-000000000012"]
-- expect: ok
select avg(price) as avg_price from ticket_types where event_id = $1;

-- name: tickets_sold_for_event
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT count(*) FROM tickets WHERE event_id = $1;

-- name: profiles_not_opted_in
-- args: []
-- expect: ok
SELECT id, display_name FROM profiles WHERE marketing_opt_in IS NOT TRUE ORDER BY display_name;

-- name: profiles_opt_in_distinct
-- args: []
-- expect: ok
select display_name from profiles where marketing_opt_in is distinct from false order by display_name;

-- name: venues_with_location
-- args: []
-- expect: ok
SELECT id, name, location FROM venues WHERE location IS NOT NULL ORDER BY id;

-- name: venues_in_box
-- args: [52.4, 52.6, 13.3, 13.5]
-- expect: ok
SELECT id, name, lat, lng
FROM public.venues
WHERE lat BETWEEN $1 AND $2
  AND lng BETWEEN $3 AND $4
ORDER BY name;

-- name: venues_accessible_in
-- args: [["Berlin", "Munich"]]
-- expect: ok
select name, city from venues where is_accessible and city = any($1) order by city, name;

-- name: event_rank_by_price
-- args: []
-- expect: inexpressible
SELECT id, title, rank() OVER (ORDER BY price DESC) AS price_rank FROM events WHERE status = 'published';

-- name: venue_cities
-- args: []
-- expect: inexpressible
SELECT DISTINCT city FROM venues ORDER BY city;

-- name: profile_contact_line
-- args: []
-- expect: inexpressible
select display_name || ' <' || email || '>' as contact from profiles order by display_name;

-- name: events_title_lower
-- args: ["rust%"]
-- expect: inexpressible
SELECT id, title FROM events WHERE lower(title) LIKE $1 ORDER BY title;

-- name: events_countdown
-- args: []
-- expect: inexpressible
select id, starts_at - now() as countdown from events where status = 'published' order by starts_at;

-- name: events_next_week
-- args: ["2031-03-01T00:00:00Z"]
-- expect: inexpressible
SELECT id, title FROM events
WHERE starts_at >= $1::timestamptz AND starts_at < $1::timestamptz + interval '7 days';

-- name: events_upcoming_now
-- args: []
-- expect: inexpressible
SELECT slug FROM events WHERE starts_at > now() AND status = 'published' ORDER BY starts_at;

-- name: events_i_rsvped_subquery
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select id, title from events where id in (select event_id from rsvps where user_id = $1 and response = 'going') order by starts_at;

-- name: sold_out_cte
-- args: []
-- expect: inexpressible
WITH sold AS (
    SELECT event_id, count(*) AS n FROM tickets GROUP BY event_id
)
SELECT e.slug, s.n FROM events e JOIN sold s ON s.event_id = e.id WHERE s.n >= e.capacity;

-- name: busy_attendees_having
-- args: []
-- expect: inexpressible
SELECT user_id, count(*) FROM rsvps WHERE response = 'going' GROUP BY user_id HAVING count(*) > 10;

-- name: event_first_tag
-- args: []
-- expect: inexpressible
select slug, tags[1] as first_tag from events order by slug;

-- name: monthly_orders
-- args: []
-- expect: inexpressible
SELECT date_trunc('month', created_at) AS month, count(*) FROM orders GROUP BY 1 ORDER BY 1;

-- name: unique_attendees
-- args: []
-- expect: inexpressible
select count(distinct user_id) from rsvps where response = 'going';

-- name: event_price_label
-- args: []
-- expect: inexpressible
SELECT slug, CASE WHEN price = 0 THEN 'free' ELSE 'paid' END AS label FROM events ORDER BY slug;

-- name: events_and_waitlist_union
-- args: ["44444444-4444-4444-8444-444444444444"]
-- expect: inexpressible
select event_id from rsvps where user_id = $1
union
select event_id from waitlist where user_id = $1;

-- name: event_page_with_venue
-- args: ["event-16"]
-- expect: ok
SELECT e.*, v.name AS venue_name, v.city
FROM public.events e
LEFT JOIN public.venues v ON v.id = e.venue_id
WHERE e.slug = $1;

-- name: next_three_events
-- args: []
-- expect: ok
SELECT slug, starts_at FROM events WHERE status = 'published' ORDER BY starts_at FETCH FIRST 3 ROWS ONLY;

-- name: events_title_regex
-- args: ["^(rust|jazz)"]
-- expect: ok
select slug, title from events where title ~* $1 order by slug;

-- name: events_at_venue_or_none
-- args: [2]
-- expect: ok
SELECT slug FROM events WHERE venue_id IS NOT DISTINCT FROM $1 ORDER BY slug;

-- name: events_not_equal_bang
-- args: []
-- expect: ok
SELECT slug, price FROM events WHERE status != 'draft' AND price <> 0 ORDER BY slug;

-- name: rsvps_for_pairs
-- args: ["e0000000-0000-4000-8000-000000000001", "11111111-1111-4111-8111-111111111111", "e0000000-0000-4000-8000-000000000015", "44444444-4444-4444-8444-444444444444"]
-- expect: ok
SELECT event_id, user_id, response
FROM rsvps
WHERE (event_id, user_id) IN (($1, $2), ($3, $4))
ORDER BY event_id;

-- name: events_by_ids_array
-- args: ["e0000000-0000-4000-8000-000000000003", "e0000000-0000-4000-8000-000000000004"]
-- expect: ok
select slug from events where id = any(array[$1, $2]::uuid[]) order by slug;

-- name: music_only_events
-- args: []
-- expect: ok
SELECT slug, tags FROM events WHERE tags <@ ARRAY['music', 'jazz', 'comedy'] ORDER BY slug;

-- name: join_waitlist_default_time
-- args: ["e0000000-0000-4000-8000-000000000021", "22222222-2222-4222-8222-222222222222", 1]
-- expect: ok
INSERT INTO waitlist (event_id, user_id, position, joined_at)
VALUES ($1, $2, $3, DEFAULT)
RETURNING id, event_id, user_id, position;

-- name: add_door_and_crew_tickets
-- args: ["e0000000-0000-4000-8000-000000000021"]
-- expect: ok
INSERT INTO ticket_types (event_id, name, price, quantity, sold, position)
VALUES
    ($1, 'Door', 30, 20, DEFAULT, 5),
    ($1, 'Crew', 0, 5, 5, DEFAULT)
RETURNING name, sold, position;

-- name: check_in_default_time
-- args: ["b0000000-0000-4000-8000-000000000072", "22222222-2222-4222-8222-222222222222"]
-- expect: ok
insert into check_ins (ticket_id, scanned_by, gate, checked_in_at) values ($1, $2, 'B', default) returning ticket_id, gate;

-- name: notify_waitlist_entry
-- args: [4, "2024-06-03T08:00:00Z"]
-- expect: ok
UPDATE public.waitlist AS w SET notified_at = $2 WHERE w.id = $1 RETURNING w.*;

-- name: delete_tickets_of_cancelled_orders
-- args: []
-- expect: inexpressible
DELETE FROM tickets t USING orders o WHERE o.id = t.order_id AND o.status = 'cancelled';

-- name: cheapest_ticket_per_event
-- args: []
-- expect: inexpressible
SELECT DISTINCT ON (event_id) event_id, name, price FROM ticket_types ORDER BY event_id, price;

-- name: rsvp_count_one
-- args: ["e0000000-0000-4000-8000-000000000015"]
-- expect: ok
SELECT count(1) FROM rsvps WHERE event_id = $1;

-- name: am_i_attending
-- args: ["e0000000-0000-4000-8000-000000000015", "44444444-4444-4444-8444-444444444444"]
-- expect: inexpressible
SELECT EXISTS (SELECT 1 FROM rsvps WHERE event_id = $1 AND user_id = $2) AS attending;

-- name: events_limit_cast
-- args: [4]
-- expect: ok
SELECT slug FROM events ORDER BY slug LIMIT $1::int;

-- name: venues_named_like_any
-- args: []
-- expect: ok
SELECT name FROM venues WHERE name ILIKE ANY (ARRAY['%haus%', '%club%']) ORDER BY name;

-- name: events_quoted_aliases
-- args: []
-- expect: ok
SELECT title AS "Event", starts_at AS "When" FROM events WHERE status = 'published' ORDER BY "When";

-- name: upcoming_rust_events
-- args: []
-- expect: ok
SELECT slug, title, going_count FROM public.upcoming_events WHERE 'rust' = ANY(tags) AND going_count > 0 ORDER BY starts_at;

-- name: events_on_day
-- args: ["2024-03-08"]
-- expect: inexpressible
SELECT id, slug FROM events WHERE starts_at::date = $1;

-- name: events_bigger_than_average
-- args: []
-- expect: inexpressible
SELECT slug FROM events WHERE capacity > (SELECT avg(capacity) FROM events) ORDER BY slug;

-- name: organizer_events_param_cast
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
SELECT e.slug, e.status FROM events e WHERE e.organizer_id = $1::uuid ORDER BY e.starts_at DESC NULLS FIRST LIMIT 10 OFFSET 0;

-- name: events_after_typed_literal
-- args: []
-- expect: ok
SELECT slug FROM events WHERE starts_at >= TIMESTAMPTZ '2031-04-01 00:00:00+00' ORDER BY starts_at;

-- name: events_after_date_literal
-- args: []
-- expect: ok
select slug from events where starts_at > date '2031-05-01' order by starts_at;

-- name: berlin_venues_quoted_alias
-- args: []
-- expect: ok
SELECT "v".* FROM "venues" "v" WHERE "v"."city" = 'Berlin' ORDER BY "v"."id";

-- name: events_status_any_literal
-- args: []
-- expect: ok
SELECT slug, status FROM events WHERE status = ANY('{published,completed}') AND tags && '{music}' ORDER BY slug;

-- name: published_totals
-- args: []
-- expect: ok
SELECT count(*) AS total, max(price) AS top_price FROM public.events WHERE status = 'published';

-- name: events_per_organizer
-- args: []
-- expect: ok
select organizer_id, count(*) as events from events group by organizer_id;

-- name: tickets_per_event
-- args: []
-- expect: ok
SELECT e.title, count(t.id) AS tickets
FROM events e
LEFT JOIN tickets t ON t.event_id = e.id
GROUP BY e.title;

-- name: create_order_aliased_returning
-- args: ["e0000000-0000-4000-8000-000000000016", "55555555-5555-4555-8555-555555555555", 10]
-- expect: ok
INSERT INTO public.orders (event_id, buyer_id, total) VALUES ($1, $2, $3) RETURNING event_id AS event, total AS amount;

-- name: retag_event
-- args: ["e0000000-0000-4000-8000-000000000016"]
-- expect: ok
UPDATE events SET tags = ARRAY['music', 'jazz', 'live'] WHERE id = $1 RETURNING slug, tags;

-- name: add_tag_in_place
-- args: ["e0000000-0000-4000-8000-000000000016", "live"]
-- expect: inexpressible
update events set tags = array_append(tags, $2) where id = $1 returning tags;

-- name: rename_and_reprice
-- args: ["e0000000-0000-4000-8000-000000000016", "Jazz Night (late show) #16", 12.5]
-- expect: ok
UPDATE public.events SET (title, price) = ($2, $3) WHERE id = $1 RETURNING title, price;

-- name: undo_check_ins
-- args: ["b0000000-0000-4000-8000-000000000011", "b0000000-0000-4000-8000-000000000012"]
-- expect: ok
DELETE FROM check_ins WHERE ticket_id IN ($1, $2) RETURNING id, gate;

-- name: rsvp_row_equals
-- args: ["e0000000-0000-4000-8000-000000000001", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
SELECT response, guests FROM rsvps WHERE (event_id, user_id) = ($1, $2);

-- name: answers_using_join
-- args: ["e0000000-0000-4000-8000-000000000001"]
-- expect: ok
SELECT r.user_id, r.response, a.question, a.answer
FROM rsvp_answers a
JOIN rsvps r USING (event_id, user_id)
WHERE a.event_id = $1
ORDER BY a.user_id, a.question;

-- name: waitlist_with_names
-- args: ["e0000000-0000-4000-8000-000000000016"]
-- expect: ok
SELECT w.position, p.display_name
FROM waitlist w
JOIN profiles p ON w.user_id = p.id
WHERE w.event_id = $1
ORDER BY w.position;

-- name: cheap_music_events
-- args: []
-- expect: ok
select e.title from events e where e.price between 10 and 20 and e.tags && '{music}' order by e.title;

-- name: events_left_outer_join
-- args: []
-- expect: ok
SELECT e.slug, v.city
FROM events e
LEFT OUTER JOIN venues v ON (v.id = e.venue_id)
WHERE e.is_online = FALSE
ORDER BY e.slug ASC;

-- name: events_cross_join_profiles
-- args: []
-- expect: inexpressible
SELECT e.slug, p.display_name FROM events e CROSS JOIN profiles p WHERE p.is_organizer ORDER BY e.slug, p.display_name;

-- name: lock_order_for_payment
-- args: ["a0000000-0000-4000-8000-000000000007"]
-- expect: inexpressible
SELECT id, status, total FROM orders WHERE id = $1 FOR UPDATE;

-- name: ticket_holders_escape_like
-- args: []
-- expect: inexpressible
SELECT code FROM tickets WHERE holder_name LIKE 'Guest 1\_%' ESCAPE '\' ORDER BY code;

-- name: order_with_event_and_venue
-- args: ["a0000000-0000-4000-8000-000000000003"]
-- expect: ok
SELECT o.id, o.total, e.title, v.name AS venue
FROM orders o
JOIN events e ON e.id = o.event_id
LEFT JOIN venues v ON v.id = e.venue_id
WHERE o.id = $1;

-- name: event_ticket_types_nested_order
-- args: ["e0000000-0000-4000-8000-000000000012"]
-- expect: ok
SELECT e.title, tt.name, tt.price
FROM public.events AS e
INNER JOIN public.ticket_types AS tt ON tt.event_id = e.id
WHERE e.id = $1
ORDER BY tt.price DESC;

-- name: last_order_of_buyer
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select id, total, created_at from orders where buyer_id = $1 order by created_at desc limit 1;

-- name: venues_case_insensitive_city
-- args: ["berlin"]
-- expect: ok
SELECT name FROM venues WHERE city ILIKE $1 ORDER BY name;

-- name: organizers_not_in_list
-- args: []
-- expect: ok
SELECT display_name FROM profiles WHERE id NOT IN ('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222') AND is_organizer IS TRUE;

-- name: events_is_unknown_opt_in
-- args: []
-- expect: ok
SELECT display_name FROM profiles WHERE marketing_opt_in IS UNKNOWN ORDER BY display_name;
