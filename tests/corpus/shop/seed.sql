-- Deterministic seed for the shop app.
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.categories (id, parent_id, name, slug, "position") values
    (1, null, 'Clothing', 'clothing', 1),
    (2, 1, 'T-shirts', 't-shirts', 1),
    (3, 1, 'Hoodies', 'hoodies', 2),
    (4, null, 'Accessories', 'accessories', 2),
    (5, 4, 'Mugs', 'mugs', 1),
    (6, 4, 'Stickers', 'stickers', 2);
select setval(pg_get_serial_sequence('public.categories', 'id'), 6);

insert into public.products (id, category_id, sku, name, description, price, compare_at_price, stock, weight_grams, attributes, images, "isPublished", created_at) values
    (1, 2, 'TS-LOGO-BLK', 'Logo T-shirt black', 'Soft cotton tee with the logo', 25.00, 30.00, 40, 180, '{"color": "black", "sizes": ["S", "M", "L"]}', '{ts-black-front.jpg,ts-black-back.jpg}', true, '2024-01-05 10:00:00+00'),
    (2, 2, 'TS-LOGO-WHT', 'Logo T-shirt white', 'Soft cotton tee with the logo', 25.00, null, 3, 180, '{"color": "white", "sizes": ["M", "L"]}', '{ts-white.jpg}', true, '2024-01-05 10:00:00+00'),
    (3, 2, 'TS-RETRO', 'Retro T-shirt', 'Faded print, vintage fit', 28.50, null, 0, 190, '{"color": "blue", "sizes": ["S"]}', '{}', true, '2024-01-20 10:00:00+00'),
    (4, 3, 'HD-ZIP-GRY', 'Zip hoodie grey', 'Heavy fleece zip hoodie', 59.90, 69.90, 12, 650, '{"color": "grey", "sizes": ["M", "L", "XL"]}', '{hd-grey.jpg}', true, '2024-01-10 10:00:00+00'),
    (5, 3, 'HD-PUL-BLK', 'Pullover hoodie black', 'Classic pullover hoodie', 54.00, null, 7, 600, '{"color": "black", "sizes": ["L"]}', '{hd-black.jpg}', true, '2024-02-01 10:00:00+00'),
    (6, 5, 'MG-ENAMEL', 'Enamel mug', 'Camping style enamel mug', 14.00, null, 80, 250, '{"color": "white", "capacity_ml": 350}', '{mug.jpg}', true, '2024-01-08 10:00:00+00'),
    (7, 5, 'MG-CERAMIC', 'Ceramic mug', 'Dishwasher safe ceramic mug', 12.50, 15.00, 2, 320, '{"color": "black", "capacity_ml": 300}', '{}', true, '2024-02-10 10:00:00+00'),
    (8, 6, 'ST-PACK', 'Sticker pack', 'Ten vinyl stickers', 6.00, null, 500, 20, '{}', '{stickers.jpg}', true, '2024-01-02 10:00:00+00'),
    (9, 6, 'ST-HOLO', 'Holographic sticker', 'Shiny logo sticker', 3.50, null, 4, 5, '{"finish": "holo"}', '{}', false, '2024-03-01 10:00:00+00'),
    (10, null, 'GIFT-25', 'Gift card 25', 'A gift card worth 25', 25.00, null, 1000, null, '{"digital": true}', '{}', true, '2024-01-01 10:00:00+00');
select setval(pg_get_serial_sequence('public.products', 'id'), 10);

insert into public.addresses (id, user_id, line1, city, postal_code, country, is_default) values
    ('ad000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'Hauptstr. 1', 'Berlin', '10115', 'DE', true),
    ('ad000000-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', '12 rue de Rivoli', 'Paris', '75001', 'FR', true),
    ('ad000000-0000-4000-8000-000000000003', '33333333-3333-4333-8333-333333333333', '500 Congress Ave', 'Austin', '78701', 'US', true),
    ('ad000000-0000-4000-8000-000000000004', '11111111-1111-4111-8111-111111111111', 'Work street 5', 'Hamburg', '20095', 'DE', false);

insert into public.orders (id, user_id, shipping_address_id, status, "user", note, shipping, placed_at, shipped_at)
overriding system value values
    (1001, '11111111-1111-4111-8111-111111111111', 'ad000000-0000-4000-8000-000000000001', 'delivered', '{"name": "Alice", "vip": true}', null, 4.90, '2024-01-15 10:00:00+00', '2024-01-16 09:00:00+00'),
    (1002, '22222222-2222-4222-8222-222222222222', 'ad000000-0000-4000-8000-000000000002', 'shipped', '{"name": "Bob"}', 'Leave at the door', 6.90, '2024-02-03 14:30:00+00', '2024-02-05 09:00:00+00'),
    (1003, '11111111-1111-4111-8111-111111111111', 'ad000000-0000-4000-8000-000000000004', 'paid', '{"name": "Alice", "vip": true}', 'Gift wrap please', 4.90, '2024-02-20 08:00:00+00', null),
    (1004, '33333333-3333-4333-8333-333333333333', 'ad000000-0000-4000-8000-000000000003', 'pending', '{"name": "Carol"}', null, 12.00, '2024-03-01 18:00:00+00', null),
    (1005, '44444444-4444-4444-8444-444444444444', null, 'cancelled', null, null, 0, '2024-03-02 11:00:00+00', null),
    (1006, '22222222-2222-4222-8222-222222222222', 'ad000000-0000-4000-8000-000000000002', 'delivered', '{"name": "Bob"}', null, 6.90, '2024-01-20 16:00:00+00', '2024-01-22 09:00:00+00'),
    (1007, '55555555-5555-4555-8555-555555555555', null, 'refunded', '{"name": "Erin"}', 'Wrong size', 0, '2024-02-11 12:00:00+00', '2024-02-12 09:00:00+00'),
    (1008, '33333333-3333-4333-8333-333333333333', 'ad000000-0000-4000-8000-000000000003', 'paid', '{"name": "Carol"}', null, 12.00, '2024-03-03 09:00:00+00', null);

insert into public.order_items (order_id, "position", product_id, quantity, unit_price) values
    (1001, 1, 1, 2, 25.00), (1001, 2, 6, 1, 14.00),
    (1002, 1, 4, 1, 59.90), (1002, 2, 8, 3, 6.00), (1002, 3, 7, 2, 12.50),
    (1003, 1, 10, 1, 25.00),
    (1004, 1, 5, 1, 54.00), (1004, 2, 2, 1, 25.00),
    (1005, 1, 3, 1, 28.50),
    (1006, 1, 8, 10, 5.50),
    (1007, 1, 4, 1, 59.90),
    (1008, 1, 1, 1, 25.00), (1008, 2, 6, 4, 14.00), (1008, 3, 8, 2, 6.00);

insert into public.cart_items (user_id, product_id, quantity, added_at) values
    ('11111111-1111-4111-8111-111111111111', 4, 1, '2024-03-04 10:00:00+00'),
    ('11111111-1111-4111-8111-111111111111', 8, 2, '2024-03-04 10:05:00+00'),
    ('22222222-2222-4222-8222-222222222222', 6, 3, '2024-03-03 20:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 2, 1, '2024-03-05 07:00:00+00');

insert into public.reviews (product_id, user_id, rating, body, created_at) values
    (1, '11111111-1111-4111-8111-111111111111', 5, 'Great fit', '2024-01-20 10:00:00+00'),
    (1, '33333333-3333-4333-8333-333333333333', 4, 'Nice but runs small', '2024-03-05 10:00:00+00'),
    (4, '22222222-2222-4222-8222-222222222222', 5, 'Super warm', '2024-02-10 10:00:00+00'),
    (4, '55555555-5555-4555-8555-555555555555', 2, 'Too big for me', '2024-02-12 10:00:00+00'),
    (6, '11111111-1111-4111-8111-111111111111', 4, null, '2024-01-25 10:00:00+00'),
    (8, '22222222-2222-4222-8222-222222222222', 3, 'Stickers peel off', '2024-01-25 11:00:00+00'),
    (8, '33333333-3333-4333-8333-333333333333', 5, 'Love them', '2024-03-06 10:00:00+00'),
    (7, '22222222-2222-4222-8222-222222222222', 1, 'Arrived broken', '2024-02-08 10:00:00+00');

refresh materialized view public.daily_sales;

select setval(pg_get_serial_sequence('public.orders', 'id'), 1008);
