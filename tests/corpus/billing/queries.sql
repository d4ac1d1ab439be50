-- schemas: public,billing

-- name: active_products
-- args: []
-- expect: ok
select id, name, description from products where active = true order by name;

-- name: products_with_prices
-- args: []
-- expect: ok
select p.id, p.name, pr.id as price_id, pr.unit_amount, pr.interval
from products p
join prices pr on pr.product_id = p.id
where p.active and pr.active
order by p.id, pr.id;

-- name: monthly_prices
-- args: []
-- expect: ok
select id, product_id, unit_amount, currency from prices where interval = 'month' and active = true order by unit_amount;

-- name: prices_by_interval_param
-- args: ["year"]
-- expect: ok
select id, unit_amount from prices where "interval" = $1::pricing_plan_interval order by id;

-- name: recurring_prices_for_product
-- args: ["prod_pro"]
-- expect: ok
select id, unit_amount, currency, interval, interval_count, trial_period_days
from prices where product_id = $1 and type = 'recurring' order by unit_amount desc;

-- name: one_time_prices
-- args: []
-- expect: ok
select id, description, unit_amount from prices where type = 'one_time'::pricing_type;

-- name: prices_in_range
-- args: [1000, 10000]
-- expect: ok
select id, unit_amount from prices where unit_amount between $1 and $2 order by unit_amount, id;

-- name: prices_in_currencies
-- args: [["eur", "gbp"]]
-- expect: ok
select id, currency from prices where currency = any($1) order by id;

-- name: price_with_product
-- args: ["price_team_q"]
-- expect: ok
select pr.id, pr.unit_amount, pr.interval_count, p.name as product_name, p.metadata
from prices pr
join products p on p.id = pr.product_id
where pr.id = $1;

-- name: prices_with_trial
-- args: []
-- expect: ok
select id, trial_period_days from prices where trial_period_days is not null and trial_period_days > 0 order by trial_period_days desc, id;

-- name: product_feature_sso
-- args: [{"features": ["sso"]}]
-- expect: ok
select id, name from products where metadata @> $1::jsonb order by id;

-- name: product_tier
-- args: []
-- expect: ok
select id, metadata->'tier' as tier from products where active order by id;

-- name: subscription_for_user
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select id, status, price_id, quantity, current_period_end
from subscriptions
where user_id = $1 and status in ('trialing', 'active')
order by created desc
limit 1;

-- name: subscriptions_by_status
-- args: ["active"]
-- expect: ok
select id, user_id, quantity from subscriptions where status = $1::subscription_status order by id;

-- name: active_subscriptions_cast
-- args: []
-- expect: ok
select id, price_id from subscriptions where status = 'active'::subscription_status order by id;

-- name: subscriptions_with_price_and_product
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select s.id, s.status, s.quantity, pr.unit_amount, pr.interval, p.name
from subscriptions s
join prices pr on pr.id = s.price_id
join products p on p.id = pr.product_id
where s.user_id = $1
order by s.id;

-- name: cancelling_subscriptions
-- args: []
-- expect: ok
select id, cancel_at from subscriptions where cancel_at_period_end is true order by id;

-- name: subscriptions_not_active
-- args: []
-- expect: ok
select id, status from subscriptions where status is distinct from 'active' order by id;

-- name: subscriptions_ending_in_window
-- args: ["2024-04-01T00:00:00Z", "2024-06-01T00:00:00Z"]
-- expect: ok
select id, current_period_end from subscriptions
where current_period_end >= $1 and current_period_end < $2
order by current_period_end, id;

-- name: subscription_count_by_status
-- args: []
-- expect: ok
select status, count(*) as n from subscriptions group by status;

-- name: subscription_counts_view
-- args: []
-- expect: ok
select status, subscriptions, seats from subscription_counts order by status;

-- name: seats_per_price
-- args: []
-- expect: ok
select price_id, sum(quantity) as seats, max(quantity) as largest from subscriptions group by price_id;

-- name: customer_by_stripe_id
-- args: ["cus_erin"]
-- expect: ok
select id from customers where stripe_customer_id = $1;

-- name: user_billing_details
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select full_name, billing_address, payment_method from users where id = $1;

-- name: users_in_country
-- args: ["FR"]
-- expect: ok
select id, full_name from users where billing_address->>'country' = $1 order by full_name;

-- name: open_invoices
-- args: []
-- expect: ok
select id, customer_id, amount_due, amount_remaining from invoices where status = 'open' order by amount_remaining desc;

-- name: invoices_for_customer_page
-- args: ["11111111-1111-4111-8111-111111111111", 2, 1]
-- expect: ok
select id, status, amount_due, created_at from invoices where customer_id = $1 order by created_at desc limit $2 offset $3;

-- name: invoices_with_subscription
-- args: []
-- expect: ok
select i.id, i.amount_paid, s.status as subscription_status
from invoices i
left join subscriptions s on s.id = i.subscription_id
where i.currency = 'usd'
order by i.id;

-- name: large_invoices
-- args: [100.5]
-- expect: ok
select id, amount_due from invoices where amount_due > $1 order by amount_due desc;

-- name: revenue_per_currency
-- args: []
-- expect: ok
select currency, sum(amount_paid) as paid, avg(amount_due) as average_due from invoices where status = 'paid' group by currency;

-- name: upsert_product
-- args: ["prod_pro", true, "Pro", "For growing teams (updated)"]
-- expect: ok
insert into products (id, active, name, description)
values ($1, $2, $3, $4)
on conflict (id) do update set active = excluded.active, name = excluded.name, description = excluded.description
returning id, name, description;

-- name: upsert_price
-- args: ["price_pro_m", "prod_pro", true, 2600, "usd", "recurring", "month", 1]
-- expect: ok
insert into prices (id, product_id, active, unit_amount, currency, type, interval, interval_count)
values ($1, $2, $3, $4, $5, $6, $7, $8)
on conflict (id) do update set product_id = excluded.product_id, active = excluded.active,
    unit_amount = excluded.unit_amount, currency = excluded.currency, type = excluded.type,
    interval = excluded.interval, interval_count = excluded.interval_count
returning id, unit_amount, interval;

-- name: insert_customer
-- args: ["66666666-6666-4666-8666-666666666666", "cus_frank"]
-- expect: ok
insert into customers (id, stripe_customer_id) values ($1, $2) returning *;

-- name: cancel_subscription
-- args: ["sub_b1"]
-- expect: ok
update subscriptions set status = 'canceled', cancel_at_period_end = true where id = $1 returning id, status, cancel_at_period_end;

-- name: deactivate_product_prices
-- args: ["prod_legacy"]
-- expect: ok
update prices set active = false where product_id = $1 returning id;

-- name: delete_draft_invoices
-- args: []
-- expect: ok
delete from invoices where status = 'draft' returning id;

-- name: price_amount_fn
-- args: ["price_team_m", 4]
-- expect: ok
select billing.price_amount($1, $2);

-- name: price_amount_default_quantity
-- args: ["price_pro_y"]
-- expect: ok
select billing.price_amount(price_id => $1) as amount;

-- name: active_subscription_fn
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select * from billing.active_subscription($1);

-- name: revenue_between_fn
-- args: ["2024-01-01T00:00:00Z", "2024-04-01T00:00:00Z"]
-- expect: ok
select * from billing.revenue_between($1, $2);

-- name: is_subscribed
-- args: ["44444444-4444-4444-8444-444444444444"]
-- expect: ok
select is_subscribed($1);

-- name: redeem_coupon
-- args: ["TEAM10"]
-- expect: ok
select * from redeem_coupon($1);

-- name: mrr_report
-- args: []
-- expect: ok
select product_id, name, mrr_cents, active_subscriptions from mrr_by_product order by mrr_cents desc;

-- name: valid_coupons
-- args: ["2024-03-15", "prod_team"]
-- expect: ok
select code, percent_off from coupons where (valid_until is null or valid_until >= $1) and $2 = any(applies_to) order by code;

-- name: monthly_equivalent_price
-- args: []
-- expect: inexpressible
select id, case interval when 'year' then unit_amount / 12 else unit_amount / interval_count end as monthly
from prices where type = 'recurring' and active order by id;

-- name: subscriptions_with_email
-- args: []
-- expect: inexpressible
select s.id, u.email from subscriptions s join auth.users u on u.id = s.user_id where s.status = 'active' order by s.id;

-- name: latest_subscription_per_user
-- args: []
-- expect: inexpressible
select distinct on (user_id) user_id, id, status from subscriptions order by user_id, created desc;

-- name: users_without_subscription
-- args: []
-- expect: inexpressible
select id, full_name from users u where not exists (select 1 from subscriptions s where s.user_id = u.id) order by id;

-- name: revenue_running_total
-- args: []
-- expect: inexpressible
select id, created_at, sum(amount_paid) over (order by created_at) as running from invoices where status = 'paid' order by created_at;

-- name: current_period_active
-- args: []
-- expect: inexpressible
select id from subscriptions where current_period_end > now() and status = 'active' order by id;

-- name: customers_seat_total
-- args: [5]
-- expect: inexpressible
select user_id, sum(quantity) as seats from subscriptions where status in ('active', 'trialing') group by user_id having sum(quantity) >= $1 order by user_id;

-- name: expire_trials
-- args: []
-- expect: inexpressible
update subscriptions s set status = 'active' from prices p where p.id = s.price_id and s.status = 'trialing' and p.trial_period_days is null returning s.id;

-- name: invoice_totals_json
-- args: []
-- expect: inexpressible
select customer_id, json_agg(json_build_object('id', id, 'due', amount_due) order by id) as items from invoices group by customer_id order by customer_id;

-- name: bump_coupon_usage
-- args: ["FRIENDS"]
-- expect: inexpressible
update coupons set times_redeemed = times_redeemed + 1 where code = $1 returning times_redeemed;

-- name: top_products_cte
-- args: []
-- expect: inexpressible
with s as (select price_id, sum(quantity) as seats from subscriptions group by price_id)
select pr.product_id, sum(s.seats) as seats from s join prices pr on pr.id = s.price_id group by pr.product_id order by seats desc;

-- name: prices_at_least_all
-- args: [[1000, 2000]]
-- expect: ok
select id, unit_amount from prices where unit_amount >= all($1) order by id;

-- name: coupons_expiring_soon
-- args: []
-- expect: inexpressible
select code from coupons where valid_until < current_date + 30;

-- name: create_percent_coupon
-- args: ["SPRING", 12.5, 100]
-- expect: ok
insert into coupons (code, percent_off, max_redemptions) values ($1, $2, $3) returning code, percent_off, max_redemptions;

-- name: active_or_trial_not_cancelling
-- args: []
-- expect: ok
select id, status from subscriptions where status = 'active' or (status = 'trialing' and cancel_at_period_end is not true) order by id;

-- name: coupons_for_products
-- args: []
-- expect: ok
select code from public.coupons where applies_to && array['prod_pro', 'prod_hobby'] order by code;

-- name: prices_skip_cheapest
-- args: []
-- expect: ok
select id, unit_amount from prices where active order by unit_amount, id offset 3;
