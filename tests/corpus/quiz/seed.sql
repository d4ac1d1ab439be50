-- Deterministic seed for the quiz app.
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.quiz_sets (id, name, description, owner_id, tags, level, is_public, created_at) values
    ('c0000000-0000-4000-8000-000000000001', 'World capitals', 'Name the capital city', '11111111-1111-4111-8111-111111111111', '{geography,europe}', 'easy', true, '2024-01-10 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000002', 'SQL basics', 'Joins, filters and aggregates', '33333333-3333-4333-8333-333333333333', '{programming,sql}', 'medium', true, '2024-01-12 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000003', 'Rust lifetimes', null, '33333333-3333-4333-8333-333333333333', '{programming,rust}', 'hard', true, '2024-01-20 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000004', 'Office trivia', 'Internal only', '22222222-2222-4222-8222-222222222222', '{}', 'easy', false, '2024-02-01 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000005', 'Rivers of Europe', 'Long and wet', '11111111-1111-4111-8111-111111111111', '{geography,europe,rivers}', 'medium', true, '2024-02-05 10:00:00+00');

-- Four questions per set, four choices per question; choice 1 + (q % 4) is correct.
insert into public.questions (id, quiz_set_id, body, "order", time_limit_seconds, points)
select ('d0000000-0000-4000-8000-0000000000' || lpad((s * 10 + q)::text, 2, '0'))::uuid,
       ('c0000000-0000-4000-8000-00000000000' || s)::uuid,
       'Question ' || q || ' of set ' || s,
       q,
       (10 + 5 * (q % 3))::smallint,
       case when q = 4 then 2000 else 1000 end
from generate_series(1, 5) s, generate_series(1, 4) q;

insert into public.choices (id, question_id, body, position, is_correct)
select ('e0000000-0000-4000-8000-000000000' || lpad((s * 100 + q * 10 + c)::text, 3, '0'))::uuid,
       ('d0000000-0000-4000-8000-0000000000' || lpad((s * 10 + q)::text, 2, '0'))::uuid,
       'Choice ' || c, c, c = 1 + (q % 4)
from generate_series(1, 5) s, generate_series(1, 4) q, generate_series(1, 4) c;

insert into public.games (id, quiz_set_id, host_user_id, phase, current_question_sequence, is_answer_revealed, pin, started_at, created_at) values
    ('f0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'result', 4, true, '123456', '2024-02-10 18:00:00+00', '2024-02-10 17:55:00+00'),
    ('f0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002', '33333333-3333-4333-8333-333333333333', 'quiz', 2, false, '654321', '2024-03-01 12:00:00+00', '2024-03-01 11:50:00+00'),
    ('f0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001', '22222222-2222-4222-8222-222222222222', 'lobby', 0, false, '111222', null, '2024-03-02 09:00:00+00'),
    ('f0000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000005', '11111111-1111-4111-8111-111111111111', 'result', 4, true, '909090', '2024-02-20 20:00:00+00', '2024-02-20 19:58:00+00');

insert into public.participants (id, game_id, nickname, user_id, joined_at)
select ('a1000000-0000-4000-8000-0000000000' || g || p)::uuid,
       ('f0000000-0000-4000-8000-00000000000' || g)::uuid,
       (array['ace', 'blitz', 'comet', 'dash', 'echo'])[p],
       case when p <= 3 then (array['22222222-2222-4222-8222-222222222222', '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'])[p]::uuid end,
       timestamptz '2024-02-01 00:00:00+00' + (g * 100 + p || ' minutes')::interval
from generate_series(1, 4) g, generate_series(1, 5) p
where not (g = 3 and p > 2);

-- Answers for games 1, 2 (first two questions) and 4; some players skip questions.
insert into public.answers (participant_id, question_id, choice_id, score, answered_at)
select ('a1000000-0000-4000-8000-0000000000' || g || p)::uuid,
       ('d0000000-0000-4000-8000-0000000000' || lpad((s * 10 + q)::text, 2, '0'))::uuid,
       ('e0000000-0000-4000-8000-000000000' || lpad((s * 100 + q * 10 + c)::text, 3, '0'))::uuid,
       case when c = 1 + (q % 4) then 1000 - 37 * p - 11 * q else 0 end,
       timestamptz '2024-02-10 18:00:00+00' + (g * 1000 + q * 60 + p * 3 || ' seconds')::interval
from (values (1, 1), (2, 2), (4, 5)) as gs(g, s),
     generate_series(1, 5) p,
     generate_series(1, 4) q,
     lateral (select 1 + ((q + case when (p * q) % 3 = 0 then 1 else 0 end) % 4) as c) pick
where (g <> 2 or q <= 2) and (p + q) % 5 <> 0;

refresh materialized view public.top_players;
