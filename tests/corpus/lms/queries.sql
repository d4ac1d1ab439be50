-- schemas: public,portal

-- name: catalog
-- args: []
-- expect: ok
select id, slug, title, summary, level, price, is_free, instructor_name, lesson_count, avg_rating
from course_catalog
order by published_at desc;

-- name: course_by_slug
-- args: ["advanced-sql"]
-- expect: ok
select * from courses where slug = $1 and published;

-- name: course_page
-- args: ["rls-in-practice"]
-- expect: ok
select c.id, c.title, c.summary, c.level, c.price, c.currency, p.full_name, p."avatarUrl", p.headline
from courses c
join profiles p on p.id = c.instructor_id
where c.slug = $1;

-- name: free_courses
-- args: []
-- expect: ok
select slug, title from courses where is_free and published order by title;

-- name: courses_by_level
-- args: ["beginner"]
-- expect: ok
select slug, title, price from courses where level = $1 and published order by price, slug;

-- name: courses_tagged
-- args: ["postgres"]
-- expect: ok
select slug, title, tags from courses where $1 = any(tags) and published order by published_at desc;

-- name: courses_any_tag
-- args: []
-- expect: ok
select slug from courses where tags && array['design', 'supabase'] order by slug;

-- name: courses_in_price_range
-- args: [10, 40]
-- expect: ok
select slug, title, price from courses where price between $1 and $2 order by price;

-- name: search_catalog
-- args: ["%sql%"]
-- expect: ok
select id, slug, title from courses where published and (title ilike $1 or summary ilike $1) order by title;

-- name: search_courses_fn
-- args: ["postgres"]
-- expect: ok
select slug, title, level from search_courses($1);

-- name: search_courses_advanced
-- args: ["sql"]
-- expect: ok
select slug, title from search_courses(q => $1, lvl => 'advanced');

-- name: courses_in_english_with_certificate
-- args: []
-- expect: ok
select slug, metadata->>'language' as language from courses where metadata->>'certificate' = 'true' order by slug;

-- name: courses_matching_metadata
-- args: [{"language": "en"}]
-- expect: ok
select slug from courses where metadata @> $1 order by slug;

-- name: instructors
-- args: []
-- expect: ok
select id, full_name, headline from profiles where role = 'instructor' order by full_name;

-- name: create_course
-- args: ["sql-for-analysts", "SQL for Analysts", "22222222-2222-4222-8222-222222222222", 2500, ["sql", "analytics"]]
-- expect: ok
insert into courses (slug, title, instructor_id, level, price_cents, tags)
values ($1, $2, $3, 'intermediate', $4, $5)
returning slug, price, is_free, level, published;

-- name: publish_course
-- args: ["c0000000-0000-4000-8000-000000000007", "2024-03-20T10:00:00Z"]
-- expect: ok
update courses set published = true, published_at = $2 where id = $1 returning slug, published, published_at;

-- name: publish_course_now
-- args: ["c0000000-0000-4000-8000-000000000007"]
-- expect: inexpressible
update courses set published = true, published_at = now() where id = $1;

-- name: course_curriculum
-- args: ["c0000000-0000-4000-8000-000000000002"]
-- expect: ok
select s.id, s.title, s.position, l.id as lesson_id, l.title as lesson_title, l.type, l.duration_minutes
from sections s
join lessons l on l.section_id = s.id
where s.course_id = $1
order by s.position, l.position;

-- name: course_lessons
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: ok
select id, slug, title, type, position, duration_minutes, "isPreview"
from lessons
where course_id = $1
order by position;

-- name: preview_lessons
-- args: ["c0000000-0000-4000-8000-000000000004"]
-- expect: ok
select id, title, video_url from lessons where course_id = $1 and "isPreview" order by position;

-- name: lesson_by_slug
-- args: ["c0000000-0000-4000-8000-000000000003", "lesson-7"]
-- expect: ok
select * from lessons where course_id = $1 and slug = $2;

-- name: next_lesson
-- args: ["c0000000-0000-4000-8000-000000000001", 4]
-- expect: ok
select id, slug, title from lessons where course_id = $1 and position > $2 order by position limit 1;

-- name: course_length
-- args: ["c0000000-0000-4000-8000-000000000005"]
-- expect: ok
select sum(duration_seconds) as seconds, count(*) as lessons from lessons where course_id = $1;

-- name: lesson_types
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: ok
select type, count(*) from lessons where course_id = $1 group by type order by type;

-- name: articles_reading_time
-- args: ["c0000000-0000-4000-8000-000000000008"]
-- expect: ok
select id, title, content->>'readingMinutes' as minutes
from lessons
where type = 'article' and course_id = $1
order by position;

-- name: quiz_sizes
-- args: []
-- expect: ok
select id, (content->>'questions')::int as questions from lessons where type = 'quiz' order by id limit 5;

-- name: long_lessons
-- args: [14, "c0000000-0000-4000-8000-000000000002"]
-- expect: ok
select id, title, duration_minutes from lessons where duration_minutes > $1 and course_id = $2 order by duration_minutes desc, id;

-- name: lessons_without_video
-- args: [["article", "quiz"]]
-- expect: ok
select id, title, type from lessons where video_url is null and type = any($1) order by id limit 10;

-- name: lesson_access_label
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select id, title, case when "isPreview" then 'free' else 'locked' end as access
from lessons
where course_id = $1
order by position;

-- name: add_lesson
-- args: ["c0000000-0000-4000-8000-000000000006", 18, "lesson-16", "Bonus: sketching icons", 16, 420]
-- expect: ok
insert into lessons (course_id, section_id, slug, title, type, position, duration_seconds)
values ($1, $2, $3, $4, 'video', $5, $6)
returning id, slug, duration_minutes;

-- name: move_lesson
-- args: [3, 9]
-- expect: ok
update lessons set position = $2 where id = $1;

-- name: delete_lesson
-- args: [120]
-- expect: ok
delete from lessons where id = $1 returning id, slug;

-- name: lessons_per_course
-- args: []
-- expect: ok
select c.slug, count(l.id) as lessons
from courses c
left join lessons l on l.course_id = c.id
group by c.slug
order by c.slug;

-- name: my_enrollments
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select e.id, e.status, e.enrolled_at, c.title, c.slug
from enrollments e
join courses c on c.id = e.course_id
where e.user_id = $1
order by e.enrolled_at desc;

-- name: active_enrollments
-- args: ["44444444-4444-4444-8444-444444444444"]
-- expect: ok
select id, course_id, enrolled_at, expires_at from enrollments where user_id = $1 and status = 'active';

-- name: enrollment_for
-- args: ["c0000000-0000-4000-8000-000000000001", "66666666-6666-4666-8666-666666666666"]
-- expect: ok
select id, status from enrollments where course_id = $1 and user_id = $2;

-- name: enroll_insert
-- args: ["c0000000-0000-4000-8000-000000000006", "44444444-4444-4444-8444-444444444444"]
-- expect: ok
insert into enrollments (course_id, user_id) values ($1, $2) returning id, status;

-- name: enroll_upsert
-- args: ["c0000000-0000-4000-8000-000000000003", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
insert into enrollments (course_id, user_id, status) values ($1, $2, 'active')
on conflict (course_id, user_id) do update set status = excluded.status
returning id, status;

-- name: enroll_fn
-- args: ["c0000000-0000-4000-8000-000000000005"]
-- expect: ok
select id, course_id, status from enroll($1);

-- name: refund_enrollment
-- args: [3, "11111111-1111-4111-8111-111111111111"]
-- expect: ok
update enrollments set status = 'refunded' where id = $1 and user_id = $2 returning id, status;

-- name: complete_enrollment
-- args: [5, "2024-03-18T17:00:00Z"]
-- expect: ok
update enrollments set status = 'completed', completed_at = $2 where id = $1;

-- name: expire_enrollments
-- args: ["2024-10-01T00:00:00Z"]
-- expect: ok
update enrollments set status = 'expired' where expires_at < $1 and status = 'active' returning id;

-- name: expiring_soon
-- args: ["2024-06-01T00:00:00Z", "2025-06-01T00:00:00Z"]
-- expect: ok
select id, user_id, expires_at from enrollments where expires_at between $1 and $2 order by expires_at;

-- name: course_students
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: ok
select e.user_id, e.status, e.enrolled_at, p.full_name
from enrollments e
join profiles p on p.id = e.user_id
where e.course_id = $1
order by e.enrolled_at;

-- name: students_per_course
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select c.title, count(e.id) as students
from courses c
left join enrollments e on e.course_id = c.id
where c.instructor_id = $1
group by c.title
order by c.title;

-- name: courses_not_taken
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select slug, title from courses
where published and id not in (select course_id from enrollments where user_id = $1)
order by slug;

-- name: my_progress_in_course
-- args: ["44444444-4444-4444-8444-444444444444", "c0000000-0000-4000-8000-000000000005"]
-- expect: ok
select lp.lesson_id, lp.completed_at, lp.seconds_watched
from lesson_progress lp
join lessons l on l.id = lp.lesson_id
where lp.user_id = $1 and l.course_id = $2
order by l.position;

-- name: course_progress_fn
-- args: ["c0000000-0000-4000-8000-000000000002", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
select course_progress($1, $2);

-- name: record_progress
-- args: ["11111111-1111-4111-8111-111111111111", 20, 300, "2024-03-15T10:00:00Z"]
-- expect: ok
insert into lesson_progress (user_id, lesson_id, seconds_watched, completed_at)
values ($1, $2, $3, $4)
on conflict (user_id, lesson_id) do update set seconds_watched = excluded.seconds_watched, completed_at = excluded.completed_at;

-- name: complete_lesson_fn
-- args: [44]
-- expect: ok
select complete_lesson($1);

-- name: save_watch_position
-- args: ["11111111-1111-4111-8111-111111111111", 17, 95]
-- expect: ok
update lesson_progress set seconds_watched = $3 where user_id = $1 and lesson_id = $2;

-- name: save_watch_position_max
-- args: ["11111111-1111-4111-8111-111111111111", 17, 95]
-- expect: inexpressible
update lesson_progress set seconds_watched = greatest(seconds_watched, $3) where user_id = $1 and lesson_id = $2;

-- name: completed_lesson_count
-- args: ["66666666-6666-4666-8666-666666666666"]
-- expect: ok
select count(*) from lesson_progress where user_id = $1 and completed_at is not null;

-- name: resume_where_left
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select lesson_id, seconds_watched, updated_at from lesson_progress where user_id = $1 order by updated_at desc, lesson_id desc limit 1;

-- name: completion_percent
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select lp.user_id, count(lp.completed_at) * 100 / count(*) as percent
from lesson_progress lp
join lessons l on l.id = lp.lesson_id
where l.course_id = $1
group by lp.user_id;

-- name: portal_my_courses
-- args: []
-- expect: ok
select * from portal.my_courses();

-- name: portal_my_active_courses
-- args: []
-- expect: ok
select title, progress from portal.my_courses() where status = 'active';

-- name: portal_outline
-- args: ["figma-basics"]
-- expect: ok
select portal.course_outline($1);

-- name: portal_leaderboard
-- args: []
-- expect: ok
select full_name, lessons_completed from portal.leaderboard order by lessons_completed desc, full_name limit 5;

-- name: portal_my_certificates
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select code, issued_at, course_title from portal.certificates where user_id = $1 order by issued_at;

-- name: verify_certificate
-- args: ["CCAD534B7F"]
-- expect: ok
select c.code, c.issued_at, e.user_id, co.title
from certificates c
join enrollments e on e.id = c.enrollment_id
join courses co on co.id = e.course_id
where c.code = $1;

-- name: course_reviews
-- args: ["c0000000-0000-4000-8000-000000000001"]
-- expect: ok
select r.rating, r.body, r.created_at, p.full_name
from reviews r
join profiles p on p.id = r.user_id
where r.course_id = $1
order by r.created_at desc;

-- name: course_rating
-- args: ["c0000000-0000-4000-8000-000000000004"]
-- expect: ok
select avg(rating) as rating, count(*) as reviews from reviews where course_id = $1;

-- name: rating_histogram
-- args: []
-- expect: ok
select rating, count(*) from reviews group by rating order by rating desc;

-- name: post_review
-- args: ["c0000000-0000-4000-8000-000000000008", "55555555-5555-4555-8555-555555555555", 4, "Short and useful"]
-- expect: ok
insert into reviews (course_id, user_id, rating, body) values ($1, $2, $3, $4) returning id, rating;

-- name: upsert_review
-- args: ["c0000000-0000-4000-8000-000000000002", "55555555-5555-4555-8555-555555555555", 3, "Better on the second try"]
-- expect: ok
insert into reviews (course_id, user_id, rating, body) values ($1, $2, $3, $4)
on conflict (course_id, user_id) do update set rating = excluded.rating, body = excluded.body
returning id, rating, body;

-- name: good_written_reviews
-- args: [4]
-- expect: ok
select id, rating from reviews where body is not null and rating >= $1 order by rating desc, id;

-- name: course_stats_top
-- args: []
-- expect: ok
select course_id, enrollments, completion_rate from course_stats order by enrollments desc, course_id;

-- name: course_stats_with_title
-- args: []
-- expect: inexpressible
select s.enrollments, s.completion_rate, c.title
from course_stats s
join courses c on c.id = s.course_id
order by c.title;

-- name: instructor_revenue_fn
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: ok
select instructor_revenue($1);

-- name: revenue_per_course
-- args: []
-- expect: inexpressible
select c.title, sum(c.price_cents) as revenue_cents
from enrollments e
join courses c on c.id = e.course_id
where e.status <> 'refunded'
group by c.title
order by revenue_cents desc;

-- name: teaching_or_learning
-- args: ["22222222-2222-4222-8222-222222222222"]
-- expect: inexpressible
select title from courses where instructor_id = $1
union
select c.title from enrollments e join courses c on c.id = e.course_id where e.user_id = $1;

-- name: update_profile
-- args: ["33333333-3333-4333-8333-333333333333", "Carol N.", "Designer, illustrator, teacher", "https://i.example.com/carol2.png"]
-- expect: ok
update profiles set full_name = $2, headline = $3, "avatarUrl" = $4 where id = $1
returning id, full_name, "avatarUrl";
