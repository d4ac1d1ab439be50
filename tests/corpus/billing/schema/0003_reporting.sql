-- Reporting: a view of subscription counts, a materialized MRR view, and the `billing` schema
-- the dashboard calls through RPC.
create view public.subscription_counts as
select status, count(*) as subscriptions, sum(quantity) as seats
from public.subscriptions
group by status;

create view public.product_prices as
select p.id as product_id, p.name as product_name, pr.id as price_id, pr.unit_amount, pr.currency,
       pr.interval, pr.interval_count
from public.products p
join public.prices pr on pr.product_id = p.id
where p.active and pr.active;

create materialized view public.mrr_by_product as
select p.id as product_id, p.name,
       sum(case pr.interval
               when 'month' then pr.unit_amount * s.quantity / coalesce(pr.interval_count, 1)
               when 'year' then pr.unit_amount * s.quantity / (12 * coalesce(pr.interval_count, 1))
               else 0 end)::bigint as mrr_cents,
       count(s.id) as active_subscriptions
from public.products p
join public.prices pr on pr.product_id = p.id
join public.subscriptions s on s.price_id = pr.id and s.status in ('active', 'trialing')
group by p.id, p.name
with data;

create schema if not exists billing;
grant usage on schema billing to anon, authenticated, service_role;

create or replace function billing.active_subscription(for_user uuid)
returns setof public.subscriptions
language sql stable
as $$
    select * from public.subscriptions
    where user_id = for_user and status in ('active', 'trialing')
    order by created desc
    limit 1;
$$;

create or replace function billing.price_amount(price_id text, quantity integer default 1)
returns bigint
language sql stable
as $$ select unit_amount * quantity from public.prices where id = price_amount.price_id $$;

create or replace function billing.revenue_between(from_ts timestamptz, to_ts timestamptz)
returns table (currency text, invoices bigint, paid numeric)
language sql stable
as $$
    select currency, count(*), sum(amount_paid)
    from public.invoices
    where status = 'paid' and created_at >= from_ts and created_at < to_ts
    group by currency
    order by currency;
$$;

create or replace function public.is_subscribed(uid uuid) returns boolean
language sql stable
as $$
    select exists (select 1 from public.subscriptions where user_id = uid and status in ('active', 'trialing'))
$$;

create or replace function public.redeem_coupon(coupon_code text) returns public.coupons
language sql volatile
as $$
    update public.coupons set times_redeemed = times_redeemed + 1
    where code = coupon_code and (max_redemptions is null or times_redeemed < max_redemptions)
    returning *;
$$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, billing to anon, authenticated, service_role;
