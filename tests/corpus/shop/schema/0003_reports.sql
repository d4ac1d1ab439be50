-- Reports and the `store` schema the storefront calls.
create view public.product_ratings as
select p.id as product_id, p.name, count(r.id) as review_count, round(avg(r.rating), 2) as avg_rating
from public.products p
left join public.reviews r on r.product_id = p.id
group by p.id, p.name;

create view public.order_summaries as
select o.id, o.user_id, o.status, o.total, count(oi.*) as item_count, sum(oi.quantity) as units, o.placed_at
from public.orders o
left join public.order_items oi on oi.order_id = o.id
group by o.id;

create materialized view public.daily_sales as
select date_trunc('day', placed_at)::date as day, count(*) as orders, sum(total) as revenue
from public.orders
where status in ('paid', 'shipped', 'delivered')
group by 1
with data;

create or replace function public.products_in_category(cat_slug text)
returns setof public.products
language sql stable
as $$
    select p.* from public.products p join public.categories c on c.id = p.category_id
    where c.slug = cat_slug order by p.name
$$;

create or replace function public.cart_total(uid uuid) returns numeric
language sql stable
as $$
    select coalesce(sum(ci.quantity * p.price), 0) from public.cart_items ci
    join public.products p on p.id = ci.product_id where ci.user_id = uid
$$;

create schema if not exists store;
grant usage on schema store to anon, authenticated, service_role;

create or replace function store.search_products(term text, max_price numeric default null)
returns table (id bigint, name text, price numeric, rank real)
language sql stable
as $$
    select id, name, price, ts_rank(search, websearch_to_tsquery('simple', term))
    from public.products
    where search @@ websearch_to_tsquery('simple', term) and (max_price is null or price <= max_price)
    order by 4 desc, id
$$;

create or replace function store.low_stock(threshold integer default 5)
returns setof public.products
language sql stable
as $$ select * from public.products where stock < threshold order by stock, id $$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant usage on all sequences in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, store to anon, authenticated, service_role;
