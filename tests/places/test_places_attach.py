def test_a_town_that_locates_the_goal_of_a_march_is_kept() -> None:
    from dateline import nlp
    from dateline.places import attach, find_places

    doc = nlp.parse("Police fired tear gas at hundreds who marched towards the presidential palace in Kabul on Monday.")
    tok = next(t for t in doc if t.text == "fired")
    place, _ = attach(doc, tok.i, find_places(doc))
    assert place.name == "Kabul"
