-- schemas: public,game

-- name: public_quiz_sets
-- args: []
-- expect: ok
select id, name, level, tags from quiz_sets where is_public order by created_at desc;

-- name: quiz_sets_by_tag
-- args: ["geography"]
-- expect: ok
select id, name from quiz_sets where $1 = any(tags) order by name;

-- name: quiz_sets_with_any_tag
-- args: [["rust", "rivers"]]
-- expect: ok
select name from quiz_sets where tags && $1 order by name;

-- name: quiz_sets_with_all_tags
-- args: [["geography", "europe"]]
-- expect: ok
select name from quiz_sets where tags @> $1 order by name;

-- name: quiz_sets_by_level
-- args: [["easy", "medium"]]
-- expect: ok
select name, level from quiz_sets where level = any($1::difficulty[]) order by name;

-- name: hard_quizzes
-- args: []
-- expect: ok
select name from quiz_sets where level = 'hard'::difficulty;

-- name: search_quiz_sets
-- args: ["%rivers%"]
-- expect: ok
select id, name, description from quiz_sets where name ilike $1 or description ilike $1 order by name;

-- name: quiz_sets_of_owner
-- args: ["33333333-3333-4333-8333-333333333333", 10, 0]
-- expect: ok
select id, name from quiz_sets where owner_id = $1 order by created_at limit $2 offset $3;

-- name: questions_of_quiz
-- args: ["c0000000-0000-4000-8000-000000000002"]
-- expect: ok
select id, body, "order", time_limit_seconds from questions where quiz_set_id = $1 order by "order";

-- name: question_by_order
-- args: ["c0000000-0000-4000-8000-000000000001", 3]
-- expect: ok
select id, body, points from questions where quiz_set_id = $1 and "order" = $2;

-- name: questions_with_choices
-- args: ["c0000000-0000-4000-8000-000000000003"]
-- expect: ok
select q.id, q."order", q.body, c.position, c.body as choice
from questions q
join choices c on c.question_id = q.id
where q.quiz_set_id = $1
order by q."order", c.position;

-- name: choices_of_question
-- args: ["d0000000-0000-4000-8000-000000000012"]
-- expect: ok
select id, body, position from choices where question_id = $1 order by position;

-- name: correct_choice
-- args: ["d0000000-0000-4000-8000-000000000013"]
-- expect: ok
select id, body from choices where question_id = $1 and is_correct;

-- name: quiz_with_question_count
-- args: []
-- expect: ok
select qs.name, count(q.id) as questions from quiz_sets qs left join questions q on q.quiz_set_id = qs.id group by qs.name;

-- name: game_by_pin
-- args: ["654321"]
-- expect: ok
select id, phase, current_question_sequence, is_answer_revealed from games where pin = $1;

-- name: game_with_quiz
-- args: ["f0000000-0000-4000-8000-000000000001"]
-- expect: ok
select g.id, g.phase, g.pin, qs.name as quiz_name, qs.level
from games g
join quiz_sets qs on qs.id = g.quiz_set_id
where g.id = $1;

-- name: running_games
-- args: []
-- expect: ok
select id, pin from games where phase <> 'result' order by created_at;

-- name: games_started_between
-- args: ["2024-02-01T00:00:00Z", "2024-02-28T00:00:00Z"]
-- expect: ok
select id, started_at from games where started_at between $1 and $2 order by started_at;

-- name: participants_of_game
-- args: ["f0000000-0000-4000-8000-000000000002"]
-- expect: ok
select id, nickname, joined_at from participants where game_id = $1 order by joined_at;

-- name: anonymous_participants
-- args: []
-- expect: ok
select game_id, nickname from participants where user_id is null order by game_id, nickname;

-- name: answers_of_participant
-- args: ["a1000000-0000-4000-8000-000000000012"]
-- expect: ok
select question_id, choice_id, score from answers where participant_id = $1 order by answered_at;

-- name: answers_with_question
-- args: ["a1000000-0000-4000-8000-000000000041"]
-- expect: ok
select a.score, q."order", q.body
from answers a
join questions q on q.id = a.question_id
where a.participant_id = $1
order by a.answered_at;

-- name: game_results_view
-- args: ["f0000000-0000-4000-8000-000000000001"]
-- expect: ok
select nickname, total_score, correct_answers from game_results where game_id = $1 order by total_score desc, nickname;

-- name: top_players_view
-- args: [3]
-- expect: ok
select nickname, games_played, total_score from top_players order by total_score desc limit $1;

-- name: total_score_per_participant
-- args: []
-- expect: ok
select participant_id, sum(score) as total, count(*) as answered from answers group by participant_id;

-- name: best_and_worst_answer
-- args: []
-- expect: ok
select max(score) as best, min(score) as worst, avg(score) as average from answers;

-- name: create_game
-- args: ["c0000000-0000-4000-8000-000000000003", "33333333-3333-4333-8333-333333333333", "777888"]
-- expect: ok
insert into games (quiz_set_id, host_user_id, pin, created_at) values ($1, $2, $3, '2024-03-05T10:00:00Z') returning quiz_set_id, phase, pin, current_question_sequence;

-- name: join_game
-- args: ["f0000000-0000-4000-8000-000000000003", "zed"]
-- expect: ok
insert into participants (game_id, nickname, joined_at) values ($1, $2, '2024-03-02T09:05:00Z') returning game_id, nickname;

-- name: submit_answer
-- args: ["a1000000-0000-4000-8000-000000000023", "d0000000-0000-4000-8000-000000000023", "e0000000-0000-4000-8000-000000000234", 640]
-- expect: ok
insert into answers (participant_id, question_id, choice_id, score, answered_at)
values ($1, $2, $3, $4, '2024-03-01T12:10:00Z')
on conflict (participant_id, question_id) do nothing
returning participant_id, score;

-- name: reveal_answer
-- args: ["f0000000-0000-4000-8000-000000000002"]
-- expect: ok
update games set is_answer_revealed = true where id = $1 returning id, is_answer_revealed;

-- name: start_game
-- args: ["f0000000-0000-4000-8000-000000000003"]
-- expect: ok
update games set phase = 'quiz' where id = $1 and phase = 'lobby' returning id, phase;

-- name: kick_participant
-- args: ["f0000000-0000-4000-8000-000000000003", "blitz"]
-- expect: ok
delete from participants where game_id = $1 and nickname = $2 returning nickname;

-- name: reorder_question
-- args: [9, "d0000000-0000-4000-8000-000000000014"]
-- expect: ok
update questions set "order" = $1 where id = $2 returning id, "order";

-- name: add_question
-- args: ["c0000000-0000-4000-8000-000000000004", "Where is the coffee machine?", 5]
-- expect: ok
insert into questions (quiz_set_id, body, "order") values ($1, $2, $3) returning quiz_set_id, body, "order", time_limit_seconds, points;

-- name: question_count_fn
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: ok
select question_count($1);

-- name: score_answer_fn
-- args: ["e0000000-0000-4000-8000-000000000112", 4.5]
-- expect: ok
select score_answer(p_choice => $1, p_seconds => $2) as score;

-- name: find_game_by_pin_fn
-- args: ["909090"]
-- expect: ok
select id, phase from game.find_by_pin($1);

-- name: leaderboard_fn
-- args: ["f0000000-0000-4000-8000-000000000004", 3]
-- expect: ok
select * from game.leaderboard($1, $2);

-- name: next_question_fn
-- args: ["f0000000-0000-4000-8000-000000000002"]
-- expect: ok
select game.next_question($1);

-- name: leaderboard_window
-- args: ["f0000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select nickname, total_score, dense_rank() over (order by total_score desc) as place
from game_results where game_id = $1 order by place, nickname;

-- name: players_across_games
-- args: []
-- expect: inexpressible
select nickname, count(distinct game_id) as games from participants group by nickname order by nickname;

-- name: unanswered_questions
-- args: ["a1000000-0000-4000-8000-000000000041", "c0000000-0000-4000-8000-000000000005"]
-- expect: ok
select q.id, q."order" from questions q
where q.quiz_set_id = $2 and q.id not in (select question_id from answers where participant_id = $1)
order by q."order";

-- name: accuracy_per_question
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select q."order", round(100.0 * count(*) filter (where a.score > 0) / count(*), 1) as pct
from questions q join answers a on a.question_id = q.id
where q.quiz_set_id = $1 group by q."order" order by q."order";

-- name: quiz_owner_email
-- args: []
-- expect: inexpressible
select qs.name, u.email from quiz_sets qs join auth.users u on u.id = qs.owner_id order by qs.name;

-- name: all_tags
-- args: []
-- expect: inexpressible
select distinct unnest(tags) as tag from quiz_sets order by tag;

-- name: games_today
-- args: []
-- expect: inexpressible
select id from games where created_at::date = current_date;

-- name: choices_json
-- args: ["d0000000-0000-4000-8000-000000000011"]
-- expect: inexpressible
select question_id, json_agg(body order by position) as bodies from choices where question_id = $1 group by question_id;

-- name: winner_per_game
-- args: []
-- expect: inexpressible
with ranked as (
    select game_id, nickname, total_score, row_number() over (partition by game_id order by total_score desc, nickname) as rn
    from game_results
)
select game_id, nickname, total_score from ranked where rn = 1 order by game_id;

-- name: seconds_to_answer
-- args: ["f0000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select p.nickname, extract(epoch from a.answered_at - g.started_at) as seconds
from answers a join participants p on p.id = a.participant_id join games g on g.id = p.game_id
where g.id = $1 order by seconds, p.nickname limit 5;

-- name: sets_of_levels
-- args: [["easy", "hard"]]
-- expect: ok
select name, level from quiz_sets where level = any($1::difficulty[]) order by name;

-- name: later_questions
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: ok
select "order", body from questions where quiz_set_id = $1 and "order" >= 2 order by "order";

-- name: bonus_points
-- args: ["e0000000-0000-4000-8000-000000000112"]
-- expect: inexpressible
update answers set score = score + 100 where choice_id = $1 returning score;

-- name: answers_with_choices_of_question
-- args: []
-- expect: inexpressible
select a.id, c.body from answers a join choices c using (question_id) order by a.id;

-- name: games_past_lobby_unrevealed
-- args: []
-- expect: ok
select pin, phase from games where phase <> 'lobby' and is_answer_revealed is not true order by pin;

-- name: easy_geography_or_programming_sets
-- args: []
-- expect: ok
select name from quiz_sets where (level = 'easy' and tags && array['geography']) or name ilike any(array['%rust%', '%sql%']) order by name;
