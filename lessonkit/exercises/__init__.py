"""Exercises for the notebooks: `from lessonkit.exercises import lesson_05 as ex`.

    lessonkit.exercises.every_exercise()  every exercise of every lesson module
    lessonkit.exercises.get("05.q1")      one of them; .evaluate(namespace) judges an answer

How to declare one: README, "Declaring an exercise".
"""


def every_exercise():
    from lessonkit.exercises.registry import all_exercises

    return all_exercises()


def get(exercise_id):
    from lessonkit.exercises.registry import get

    return get(exercise_id)


def lessons():
    from lessonkit.exercises.registry import lessons

    return lessons()
