"""The wording rules: what in a report's words counts as work reported done, and what is a
slogan, a goal, a citation, framing or a list of topics.

- concrete: how concrete one sentence is by its own words (figures, documents issued,
  completed actions, honours; slogans and goals).
- admit: which term occurrences of a sentence count as its reported work (citations, framing
  spans, topic lists, a weak sentence's clauses), and a sentence's concreteness in its place
  (a short lead borrowing from the sentence after it).
- figures: the words around a figure that make it a goal, a change, an earlier year's figure
  or a part of a count, not this year's value of an indicator (lawscore.figures reads them).

Every rule here reads words and their places only; none knows a checklist or an item.
"""
