-- schemas: public,store

-- name: published_products
-- args: [5, 0]
-- expect: ok
select id, sku, name, price from products where "isPublished" = true order by created_at desc, id limit $1 offset $2;

-- name: product_by_sku
-- args: ["HD-ZIP-GRY"]
-- expect: ok
select * from products where sku = $1;

-- name: products_in_price_range
-- args: [10, 30]
-- expect: ok
select id, name, price from products where price between $1 and $2 order by price, id;

-- name: products_on_sale
-- args: []
-- expect: ok
select id, name, price, compare_at_price from products where compare_at_price is not null order by id;

-- name: cheap_products
-- args: [12.5]
-- expect: ok
select name, price from products where price <= $1 order by price;

-- name: products_by_color
-- args: ["black"]
-- expect: ok
select id, name from products where attributes->>'color' = $1 order by id;

-- name: products_with_size
-- args: [{"sizes": ["L"]}]
-- expect: ok
select id, name from products where attributes @> $1::jsonb order by id;

-- name: product_search_fts
-- args: ["hoodie"]
-- expect: ok
select id, name from products where search @@ to_tsquery('simple', $1) order by id;

-- name: product_search_ilike
-- args: ["%mug%"]
-- expect: ok
select id, name, price from products where name ilike $1 order by name;

-- name: products_by_ids
-- args: [[1, 4, 8]]
-- expect: ok
select id, name, stock from products where id = any($1) order by id;

-- name: products_not_in_ids
-- args: [[1, 2, 3, 4, 5]]
-- expect: ok
select id from products where id <> all($1) order by id;

-- name: low_stock_products
-- args: [5]
-- expect: ok
select sku, stock from products where stock < $1 and "isPublished" order by stock, sku;

-- name: products_with_category
-- args: []
-- expect: ok
select p.id, p.name, c.name as category, c.slug
from products p
join categories c on c.id = p.category_id
order by p.id;

-- name: products_with_optional_category
-- args: []
-- expect: ok
select p.sku, c.slug from products p left join categories c on c.id = p.category_id order by p.sku;

-- name: subcategories
-- args: [1]
-- expect: ok
select id, name, slug, "position" from categories where parent_id = $1 order by "position";

-- name: top_level_categories
-- args: []
-- expect: ok
select id, name from categories where parent_id is null order by position;

-- name: category_product_counts
-- args: []
-- expect: ok
select c.slug, count(p.id) as products from categories c left join products p on p.category_id = c.id group by c.slug;

-- name: products_in_category_fn
-- args: ["hoodies"]
-- expect: ok
select * from products_in_category($1);

-- name: orders_of_user
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select id, status, total, placed_at from orders where user_id = $1 order by placed_at desc;

-- name: order_detail
-- args: [1002]
-- expect: ok
select o.id, o.status, o.total, oi."position", oi.quantity, oi.unit_price, oi.line_total
from orders o
join order_items oi on oi.order_id = o.id
where o.id = $1
order by oi."position";

-- name: order_items_with_products
-- args: [1008]
-- expect: ok
select oi.position, oi.quantity, p.name, p.sku
from order_items oi
join products p on p.id = oi.product_id
where oi.order_id = $1
order by oi.position;

-- name: orders_with_address
-- args: ["DE"]
-- expect: ok
select o.id, a.city, a.postal_code from orders o join addresses a on a.id = o.shipping_address_id where a.country = $1 order by o.id;

-- name: orders_by_statuses
-- args: [["paid", "shipped"]]
-- expect: ok
select id, status from orders where status = any($1::order_status[]) order by id;

-- name: orders_open
-- args: []
-- expect: ok
select id, status from orders where status not in ('delivered', 'cancelled', 'refunded') order by id;

-- name: vip_orders
-- args: []
-- expect: ok
select id, "user"->>'name' as customer from orders where "user" @> '{"vip": true}' order by id;

-- name: orders_with_note
-- args: []
-- expect: ok
select id, note from orders where note is not null and note <> '' order by id;

-- name: unshipped_paid_orders
-- args: []
-- expect: ok
select id, placed_at from orders where status = 'paid'::order_status and shipped_at is null order by placed_at;

-- name: order_totals_by_status
-- args: []
-- expect: ok
select status, count(*) as orders, sum(total) as revenue from orders group by status;

-- name: order_summaries_view
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select id, status, total, item_count, units from order_summaries where user_id = $1 order by id;

-- name: daily_sales_view
-- args: ["2024-02-01"]
-- expect: ok
select day, orders, revenue from daily_sales where day >= $1 order by day;

-- name: product_ratings_view
-- args: [3]
-- expect: ok
select product_id, name, review_count, avg_rating from product_ratings where avg_rating >= $1 order by avg_rating desc, product_id;

-- name: reviews_of_product
-- args: [4]
-- expect: ok
select rating, body, created_at from reviews where product_id = $1 order by created_at desc;

-- name: average_rating
-- args: [1]
-- expect: ok
select avg(rating) as avg_rating, count(*) as reviews from reviews where product_id = $1;

-- name: cart_of_user
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select ci.quantity, p.name, p.price
from cart_items ci
join products p on p.id = ci.product_id
where ci.user_id = $1
order by ci.added_at;

-- name: add_to_cart
-- args: ["11111111-1111-4111-8111-111111111111", 4, 2]
-- expect: ok
insert into cart_items (user_id, product_id, quantity, added_at) values ($1, $2, $3, '2024-03-06T10:00:00Z')
on conflict (user_id, product_id) do update set quantity = excluded.quantity, added_at = excluded.added_at
returning product_id, quantity;

-- name: remove_from_cart
-- args: ["22222222-2222-4222-8222-222222222222", 6]
-- expect: ok
delete from cart_items where user_id = $1 and product_id = $2 returning product_id;

-- name: clear_cart
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
delete from cart_items where user_id = $1;

-- name: place_order
-- args: ["66666666-6666-4666-8666-666666666666", 4.9]
-- expect: ok
insert into orders (user_id, shipping, placed_at) values ($1, $2, '2024-03-06T12:00:00Z') returning user_id, status, subtotal, shipping, total;

-- name: mark_shipped
-- args: ["2024-03-05T08:00:00Z", 1003]
-- expect: ok
update orders set status = 'shipped', shipped_at = $1 where id = $2 and status = 'paid' returning id, status, shipped_at;

-- name: restock_product
-- args: [25, "TS-RETRO"]
-- expect: ok
update products set stock = $1 where sku = $2 returning sku, stock;

-- name: upsert_review
-- args: [6, "11111111-1111-4111-8111-111111111111", 5, "Now my favourite mug"]
-- expect: ok
insert into reviews (product_id, user_id, rating, body) values ($1, $2, $3, $4)
on conflict (product_id, user_id) do update set rating = excluded.rating, body = excluded.body
returning product_id, rating, body;

-- name: add_products_bulk
-- args: []
-- expect: ok
insert into products (sku, name, price, stock, created_at) values
    ('MG-TRAVEL', 'Travel mug', 19.90, 15, '2024-03-06T00:00:00Z'),
    ('ST-BIG', 'Big sticker', 4.00, 100, '2024-03-06T00:00:00Z')
returning sku, name, price, "isPublished";

-- name: cart_total_fn
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select cart_total($1);

-- name: store_search_fn
-- args: ["shirt", 26]
-- expect: ok
select * from store.search_products($1, $2);

-- name: store_low_stock_fn
-- args: []
-- expect: ok
select sku, stock from store.low_stock() where "isPublished" = true;

-- name: best_sellers
-- args: [3]
-- expect: inexpressible
select p.name, sum(oi.quantity) as units from order_items oi join products p on p.id = oi.product_id
group by p.name order by units desc, p.name limit $1;

-- name: discount_percent
-- args: []
-- expect: inexpressible
select id, round(100 * (compare_at_price - price) / compare_at_price) as pct_off from products where compare_at_price is not null order by id;

-- name: customers_with_orders_email
-- args: []
-- expect: inexpressible
select distinct u.email from orders o join auth.users u on u.id = o.user_id order by u.email;

-- name: products_never_ordered
-- args: []
-- expect: ok
select id, sku from products p where not exists (select 1 from order_items oi where oi.product_id = p.id) order by id;

-- name: order_lines_json
-- args: [1002]
-- expect: inexpressible
select o.id, json_agg(json_build_object('sku', p.sku, 'qty', oi.quantity) order by oi.position) as lines
from orders o join order_items oi on oi.order_id = o.id join products p on p.id = oi.product_id
where o.id = $1 group by o.id;

-- name: category_tree
-- args: []
-- expect: inexpressible
with recursive tree as (
    select id, name, parent_id, 0 as depth from categories where parent_id is null
    union all
    select c.id, c.name, c.parent_id, t.depth + 1 from categories c join tree t on c.parent_id = t.id
)
select id, name, depth from tree order by depth, id;

-- name: revenue_share
-- args: []
-- expect: inexpressible
select status, sum(total) as revenue, round(100 * sum(total) / sum(sum(total)) over (), 1) as share
from orders group by status order by status;

-- name: decrement_stock_for_order
-- args: [1004]
-- expect: inexpressible
update products p set stock = p.stock - oi.quantity from order_items oi where oi.product_id = p.id and oi.order_id = $1 returning p.sku, p.stock;

-- name: repeat_customers
-- args: []
-- expect: inexpressible
select user_id, count(*) as orders from orders group by user_id having count(*) > 1 order by user_id;

-- name: orders_this_week
-- args: []
-- expect: inexpressible
select id from orders where placed_at >= date_trunc('week', now());

-- name: reorder_from_order
-- args: ["33333333-3333-4333-8333-333333333333", 1002]
-- expect: inexpressible
insert into cart_items (user_id, product_id, quantity, added_at)
select $1, product_id, quantity, '2024-03-06T00:00:00Z' from order_items where order_id = $2
on conflict (user_id, product_id) do nothing
returning product_id, quantity;

-- name: cheap_or_with_photo
-- args: []
-- expect: ok
SELECT p.id, p.name, p.price FROM public.products AS p WHERE p.price < 15 OR p.images && ARRAY['ts-white.jpg', 'hd-grey.jpg'] ORDER BY p.id;

-- name: pricier_than_any
-- args: [[30, 100]]
-- expect: ok
select id, sku from products where price > any($1) order by id;

-- name: open_orders_not_cancelled
-- args: []
-- expect: ok
select id, status from public.orders where status not in ('cancelled', 'refunded') and shipped_at is null order by id desc;

-- name: orders_placed_today
-- args: []
-- expect: inexpressible
select id, total from orders where placed_at::date = current_date;

-- name: reviews_with_text
-- args: []
-- expect: inexpressible
select id, rating from reviews where coalesce(body, '') <> '' order by id;

-- name: hidden_products
-- args: []
-- expect: ok
select sku, name from products where "isPublished" is not true order by sku;

-- name: category_sale
-- args: [2]
-- expect: inexpressible
update products set price = price * 0.9 where category_id = $1 returning id, price;

-- name: reprice_product
-- args: [19.99, "MG-ENAMEL"]
-- expect: ok
update public.products set price = $1 where sku = $2 returning sku, price;

-- name: orders_on_day
-- args: []
-- expect: inexpressible
select id, status from orders where placed_at::date = '2024-03-02' order by id;

-- name: catalog_after_first_page
-- args: [8]
-- expect: ok
select id, sku from products order by id offset $1;
