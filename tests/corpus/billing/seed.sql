-- Deterministic seed for the billing app.
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.users (id, full_name, billing_address, payment_method) values
    ('11111111-1111-4111-8111-111111111111', 'Alice Archer', '{"city": "Berlin", "country": "DE"}', '{"brand": "visa", "last4": "4242"}'),
    ('22222222-2222-4222-8222-222222222222', 'Bob Baker', '{"city": "Paris", "country": "FR"}', '{"brand": "mastercard", "last4": "4444"}'),
    ('33333333-3333-4333-8333-333333333333', 'Carol Chen', '{"city": "Austin", "country": "US"}', null),
    ('44444444-4444-4444-8444-444444444444', 'Dave Diaz', null, '{"brand": "visa", "last4": "1881"}'),
    ('55555555-5555-4555-8555-555555555555', 'Erin Evans', '{"city": "Lyon", "country": "FR"}', '{"brand": "amex", "last4": "0005"}'),
    ('66666666-6666-4666-8666-666666666666', null, null, null);

insert into public.customers (id, stripe_customer_id) values
    ('11111111-1111-4111-8111-111111111111', 'cus_alice'),
    ('22222222-2222-4222-8222-222222222222', 'cus_bob'),
    ('33333333-3333-4333-8333-333333333333', 'cus_carol'),
    ('44444444-4444-4444-8444-444444444444', 'cus_dave'),
    ('55555555-5555-4555-8555-555555555555', 'cus_erin');

insert into public.products (id, active, name, description, metadata) values
    ('prod_hobby', true, 'Hobby', 'For side projects', '{"tier": 1, "features": ["api"]}'),
    ('prod_pro', true, 'Pro', 'For growing teams', '{"tier": 2, "features": ["api", "sso"]}'),
    ('prod_team', true, 'Team', 'For organisations', '{"tier": 3, "features": ["api", "sso", "audit"]}'),
    ('prod_legacy', false, 'Legacy', 'No longer sold', '{"tier": 0}'),
    ('prod_addon', true, 'Extra storage', '100 GB more', '{"addon": true}');

insert into public.prices (id, product_id, active, description, unit_amount, currency, type, interval, interval_count, trial_period_days, metadata) values
    ('price_hobby_m', 'prod_hobby', true, 'Hobby monthly', 900, 'usd', 'recurring', 'month', 1, 14, '{}'),
    ('price_hobby_y', 'prod_hobby', true, 'Hobby yearly', 9000, 'usd', 'recurring', 'year', 1, 14, '{}'),
    ('price_pro_m', 'prod_pro', true, 'Pro monthly', 2500, 'usd', 'recurring', 'month', 1, 7, '{}'),
    ('price_pro_y', 'prod_pro', true, 'Pro yearly', 25000, 'usd', 'recurring', 'year', 1, 7, '{"popular": true}'),
    ('price_pro_eur', 'prod_pro', true, 'Pro monthly EUR', 2300, 'eur', 'recurring', 'month', 1, null, '{}'),
    ('price_team_m', 'prod_team', true, 'Team monthly', 9900, 'usd', 'recurring', 'month', 1, null, '{}'),
    ('price_team_q', 'prod_team', true, 'Team quarterly', 27000, 'usd', 'recurring', 'month', 3, null, '{}'),
    ('price_legacy_m', 'prod_legacy', false, 'Legacy monthly', 500, 'usd', 'recurring', 'month', 1, null, '{}'),
    ('price_addon_once', 'prod_addon', true, 'Storage pack', 1500, 'usd', 'one_time', null, null, null, '{}'),
    ('price_pro_w', 'prod_pro', false, 'Pro weekly (trial)', 700, 'usd', 'recurring', 'week', 1, null, '{}');

insert into public.subscriptions (id, user_id, status, metadata, price_id, quantity, cancel_at_period_end, created, current_period_start, current_period_end, ended_at, cancel_at, canceled_at, trial_start, trial_end) values
    ('sub_a1', '11111111-1111-4111-8111-111111111111', 'active', '{"source": "web"}', 'price_pro_m', 3, false, '2024-01-10 00:00:00+00', '2024-03-10 00:00:00+00', '2024-04-10 00:00:00+00', null, null, null, null, null),
    ('sub_a0', '11111111-1111-4111-8111-111111111111', 'canceled', '{"source": "web"}', 'price_hobby_m', 1, false, '2023-06-01 00:00:00+00', '2023-11-01 00:00:00+00', '2023-12-01 00:00:00+00', '2023-12-01 00:00:00+00', null, '2023-11-15 00:00:00+00', null, null),
    ('sub_b1', '22222222-2222-4222-8222-222222222222', 'trialing', '{}', 'price_team_m', 10, false, '2024-03-01 00:00:00+00', '2024-03-01 00:00:00+00', '2024-04-01 00:00:00+00', null, null, null, '2024-03-01 00:00:00+00', '2024-03-15 00:00:00+00'),
    ('sub_c1', '33333333-3333-4333-8333-333333333333', 'active', '{"source": "sales"}', 'price_pro_y', 5, true, '2023-09-01 00:00:00+00', '2023-09-01 00:00:00+00', '2024-09-01 00:00:00+00', null, '2024-09-01 00:00:00+00', '2024-02-20 00:00:00+00', null, null),
    ('sub_d1', '44444444-4444-4444-8444-444444444444', 'past_due', '{}', 'price_hobby_y', 1, false, '2023-03-01 00:00:00+00', '2024-03-01 00:00:00+00', '2025-03-01 00:00:00+00', null, null, null, null, null),
    ('sub_e1', '55555555-5555-4555-8555-555555555555', 'active', '{"source": "web", "coupon": "LAUNCH"}', 'price_pro_eur', 2, false, '2024-02-01 00:00:00+00', '2024-03-01 00:00:00+00', '2024-04-01 00:00:00+00', null, null, null, null, null),
    ('sub_e0', '55555555-5555-4555-8555-555555555555', 'incomplete_expired', '{}', 'price_team_q', 1, false, '2024-01-15 00:00:00+00', '2024-01-15 00:00:00+00', '2024-01-16 00:00:00+00', '2024-01-16 00:00:00+00', null, null, null, null),
    ('sub_c2', '33333333-3333-4333-8333-333333333333', 'active', '{}', 'price_team_q', 12, false, '2024-02-10 00:00:00+00', '2024-02-10 00:00:00+00', '2024-05-10 00:00:00+00', null, null, null, null, null);

insert into public.invoices (id, subscription_id, customer_id, status, amount_due, amount_paid, currency, line_items, period_start, period_end, created_at) values
    ('in_001', 'sub_a1', '11111111-1111-4111-8111-111111111111', 'paid', 75.00, 75.00, 'usd', '[{"price": "price_pro_m", "qty": 3}]', '2024-01-10', '2024-02-10', '2024-01-10 00:05:00+00'),
    ('in_002', 'sub_a1', '11111111-1111-4111-8111-111111111111', 'paid', 75.00, 75.00, 'usd', '[{"price": "price_pro_m", "qty": 3}]', '2024-02-10', '2024-03-10', '2024-02-10 00:05:00+00'),
    ('in_003', 'sub_a1', '11111111-1111-4111-8111-111111111111', 'open', 75.00, 0, 'usd', '[{"price": "price_pro_m", "qty": 3}]', '2024-03-10', '2024-04-10', '2024-03-10 00:05:00+00'),
    ('in_004', 'sub_c1', '33333333-3333-4333-8333-333333333333', 'paid', 1250.00, 1250.00, 'usd', '[{"price": "price_pro_y", "qty": 5}]', '2023-09-01', '2024-09-01', '2023-09-01 00:05:00+00'),
    ('in_005', 'sub_d1', '44444444-4444-4444-8444-444444444444', 'open', 90.00, 30.50, 'usd', '[{"price": "price_hobby_y", "qty": 1}]', '2024-03-01', '2025-03-01', '2024-03-01 00:05:00+00'),
    ('in_006', 'sub_e1', '55555555-5555-4555-8555-555555555555', 'paid', 46.00, 46.00, 'eur', '[{"price": "price_pro_eur", "qty": 2}]', '2024-02-01', '2024-03-01', '2024-02-01 00:05:00+00'),
    ('in_007', 'sub_e1', '55555555-5555-4555-8555-555555555555', 'paid', 46.00, 46.00, 'eur', '[{"price": "price_pro_eur", "qty": 2}]', '2024-03-01', '2024-04-01', '2024-03-01 00:05:00+00'),
    ('in_008', 'sub_c2', '33333333-3333-4333-8333-333333333333', 'paid', 3240.00, 3240.00, 'usd', '[{"price": "price_team_q", "qty": 12}]', '2024-02-10', '2024-05-10', '2024-02-10 00:05:00+00'),
    ('in_009', null, '22222222-2222-4222-8222-222222222222', 'draft', 15.00, 0, 'usd', '[{"price": "price_addon_once", "qty": 1}]', null, null, '2024-03-05 00:05:00+00'),
    ('in_010', 'sub_a0', '11111111-1111-4111-8111-111111111111', 'void', 9.00, 0, 'usd', '[]', '2023-11-01', '2023-12-01', '2023-11-01 00:05:00+00');

insert into public.coupons (code, percent_off, amount_off, valid_until, max_redemptions, times_redeemed, applies_to) values
    ('LAUNCH', 20.00, null, '2024-06-30', 100, 12, '{prod_pro,prod_team}'),
    ('FRIENDS', null, 500, '2024-12-31', null, 40, '{prod_hobby}'),
    ('BLACKFRIDAY', 50.00, null, '2023-11-30', 500, 500, '{}'),
    ('TEAM10', 10.00, null, null, 10, 3, '{prod_team}');

refresh materialized view public.mrr_by_product;
