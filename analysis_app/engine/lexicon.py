"""Word lists the language features match against, kept apart so they can be reviewed as data.

Phrases are tuples of normalised tokens (lower case, curly quotes straightened, punctuation
stripped); matching is on token boundaries, so "um" never matches inside "umbrella" and "like"
never inside "likely".
"""

from __future__ import annotations

import re
from typing import Final

#: Filled pauses: sounds that stand in for silence while the speaker plans.
FILLED_PAUSES: Final = frozenset({
    "um", "umm", "ummm", "uh", "uhh", "uhhh", "uhm", "er", "err", "erm", "ah", "ahh",
    "eh", "hmm", "hmmm", "hm", "mm", "mmm",
})

#: Discourse-marker fillers made of real words; each is a filler only in its discourse use,
#: decided by context in `language._discourse_filler` (e.g. "you know, we..." but not
#: "you know that...").
DISCOURSE_FILLERS: Final = (("you", "know"), ("i", "mean"), ("like",))

#: After these, "you know"/"I mean" take an object or a clause: a real verb, not a filler.
COMPLEMENT_WORDS: Final = frozenset({
    "that", "what", "how", "why", "where", "when", "who", "whom", "if", "whether", "it", "this",
    "those", "these", "them", "him", "her", "me", "us", "you", "to", "the", "a", "an", "about",
    "my", "your", "his", "our", "their", "its", "exactly", "well", "everything", "something",
})
#: "like" after these is the verb or a comparison ("I'd like to", "looks like", "just like").
LIKE_AS_WORD_BEFORE: Final = frozenset({
    "i", "you", "we", "they", "he", "she", "i'd", "you'd", "we'd", "they'd", "would", "really",
    "don't", "didn't", "doesn't", "do", "does", "did", "to", "not", "look", "looks", "looked",
    "feel", "feels", "felt", "sound", "sounds", "sounded", "seem", "seems", "seemed", "just",
    "something", "anything", "nothing", "things", "much", "more", "most", "exactly", "is",
    "be", "people", "also", "always", "never", "still",
})
#: Tokens after which a bare "like" opens a new phrase, i.e. is a discourse filler.
LIKE_AS_FILLER_AFTER: Final = FILLED_PAUSES | {"so", "and", "but", "or", "yeah", "well", "okay"}

#: Hedges: phrases that soften a claim and read as unsure (Hyland 1998, "Hedging in Scientific
#: Research Articles"; Lakoff 1973). Longest phrases are matched first.
HEDGES: Final = tuple(sorted({
    ("i", "think"), ("i", "guess"), ("i", "suppose"), ("i", "believe"), ("i", "feel", "like"),
    ("i'm", "not", "sure"), ("i", "am", "not", "sure"), ("not", "sure"), ("maybe",),
    ("perhaps",), ("probably",), ("possibly",), ("might",), ("sort", "of"), ("kind", "of"),
    ("kinda",), ("sorta",), ("somewhat",), ("a", "little", "bit"), ("more", "or", "less"),
    ("it", "seems"), ("seems", "like"), ("i", "would", "say"), ("i'd", "say"), ("hopefully",),
    ("to", "some", "extent"), ("in", "a", "way"), ("somehow",), ("roughly",),
}, key=lambda phrase: -len(phrase)))
#: "kind of"/"sort of" after these are nouns ("what kind of project"), not hedges.
KIND_OF_AS_NOUN_AFTER: Final = frozenset({
    "what", "this", "that", "the", "a", "any", "some", "every", "which", "one", "same",
    "different", "other", "another", "that's", "these", "those", "many", "all",
})

#: Restarts (`language.find_restarts`). Shriberg (1994), "Preliminaries to a Theory of Speech
#: Disfluencies" (PhD thesis, UC Berkeley), describes a disfluency as a reparandum (what is
#: abandoned), an interruption point, an optional interregnum (filled pauses, editing terms
#: such as "I mean", "sorry") and a repair; these lists are the few word classes its rules need.

#: Editing terms: words a speaker puts between an abandoned phrase and its repair.
EDITING_TERMS: Final = (("or", "rather"), ("i", "mean"), ("sorry",), ("rather",))
#: Subject pronouns: a clause restart re-says its subject ("it's- it was", "we went to, we").
SUBJECT_PRONOUNS: Final = frozenset({"i", "we", "you", "he", "she", "they", "it", "there"})
#: Auxiliaries and copulas by lemma: "I was - we were" restarts the same verb with a new subject.
AUXILIARY_LEMMAS: Final = {
    "am": "be", "is": "be", "are": "be", "was": "be", "were": "be",
    "have": "have", "has": "have", "had": "have", "do": "do", "does": "do", "did": "do",
    "will": "will", "would": "will", "can": "can", "could": "can", "shall": "shall",
    "should": "shall",
}
#: Words no phrase ends on (articles, possessives, prepositions): a phrase stopped on one of
#: them and restarted with the same subject was abandoned ("we went to, I mean, we drove").
INCOMPLETE_ENDINGS: Final = frozenset({
    "the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "to", "of", "for",
    "with", "from", "about", "into", "at", "on", "in", "by",
})
#: After these a clause may end on its auxiliary ("if I had, I would"): not a restart.
SUBORDINATORS: Final = frozenset({
    "if", "when", "as", "because", "since", "while", "whether", "though", "although",
    "unless", "than", "whatever", "whenever", "before", "after", "until", "once",
})
#: Said twice on purpose, so not restarts: grammatical doubles when adjacent ("we had had",
#: "I knew that that was wrong")...
GRAMMATICAL_DOUBLES: Final = frozenset({"had", "that"})
#: ...and emphatic reduplication ("very very", "really, really", "no, no"). A judgement call:
#: Shriberg's repetitions are unplanned, emphasis is planned and fluent, so it is not counted.
EMPHATIC_REDUPLICATION: Final = frozenset({
    "very", "really", "so", "much", "far", "no", "yeah", "yes", "okay", "ok", "bye",
})
#: Object as well as subject words: "we fixed it, it worked" repeats "it" across a clause
#: boundary; doubled, they count only where the first one starts a clause ("it, it worked").
CLAUSE_EDGE_WORDS: Final = frozenset({"it", "you", "that", "this", "there", "her"})
#: Words after which a new clause starts (see CLAUSE_EDGE_WORDS).
CLAUSE_OPENERS: Final = frozenset({"and", "but", "so", "or", "because", "then"})

#: STAR interview structure (situation, task, action, result): the cue phrases a coach listens
#: for. Matched as regular expressions on each lower-cased sentence.
STAR_CUES: Final[dict[str, tuple[str, ...]]] = {
    "situation": (
        r"\bwhen i (was|worked|joined|started)\b", r"\bat my (previous|last|current|old|first) "
        r"(job|company|role|team|employer|position)\b", r"\bthe situation\b", r"\bback in\b",
        r"\b(years?|months?|weeks?) ago\b", r"\blast (year|month|quarter|summer|spring|fall)\b",
        r"\bthere was (a|an)\b", r"\bwe were (facing|dealing|struggling)\b", r"\bat the time\b",
        r"\bwhile (i was )?working\b", r"\bthe (context|background|problem) was\b",
        r"\bi (was|worked) (as|at|on|in)\b", r"\bour (team|company|project) (had|was|needed)\b",
    ),
    "task": (
        r"\bmy (task|role|job|goal|responsibility|assignment|objective|mission) was\b",
        r"\bi was (responsible|asked|tasked|assigned|expected|in charge)\b",
        r"\bresponsible for\b", r"\bthe (goal|aim|target|objective|challenge|task) was\b",
        r"\b(i|we) (needed|had|wanted) to\b", r"\bit was (up to me|my job)\b",
    ),
    "action": (
        r"\bi (decided|started|set up|built|created|implemented|wrote|rewrote|designed|led|"
        r"organi[sz]ed|proposed|introduced|scheduled|paired|measured|analy[sz]ed|talked|met|"
        r"reached out|suggested|automated|refactored|migrated|trained|coached|negotiated|"
        r"planned|prioriti[sz]ed|added|moved|fixed|tested|investigated|contacted|developed|"
        r"launched|drove|ran|used|made|took|spoke|worked with|collaborated|convinced)\b",
        r"\b(first|then|next|after that|so),? i\b", r"\bmy approach\b", r"\bthe steps? i\b",
    ),
    "result": (
        r"\bas a result\b", r"\bin the end\b", r"\bresult(ed|s)? (in|was|were)\b",
        r"\bthe outcome\b", r"\b(we|i) (achieved|delivered|shipped|reduced|increased|improved|"
        r"saved|cut|won|exceeded|finished|completed|launched|grew)\b", r"\bled to\b",
        r"\bwent from\b", r"\b\d+ ?(%|percent)\b", r"\bpercent\b", r"\bi learned\b",
        r"\bi learnt\b", r"\bsuccess(ful|fully)?\b", r"\bon time\b", r"\bthanks to\b",
        r"\bwhich (saved|meant|helped|allowed)\b",
    ),
}
STAR_PATTERNS: Final = {
    component: tuple(re.compile(cue) for cue in cues) for component, cues in STAR_CUES.items()
}

#: Organisation of an explanation: Halliday & Hasan (1976), "Cohesion in English", ch. 5, sort
#: conjunctions into temporal, causal, adversative and additive; the additive cues here are
#: the expository ones ("for example", "in other words"), because a bare "and" is in every
#: answer. Matched as regular expressions on each lower-cased sentence, like STAR_CUES.
ORGANISATION_CUES: Final[dict[str, tuple[str, ...]]] = {
    "sequence": (
        r"\b(first|firstly|second|secondly|third|thirdly|then|next|finally|lastly)\b",
        r"\b(after that|afterwards|to start|to begin with|step one|the last step)\b",
    ),
    "cause": (
        r"\b(because|since|therefore|thus|hence|so that|which means|that's why|due to)\b",
        r"(^|, )so\b", r"\bas a result\b", r"\bthe reason\b",
    ),
    "example": (
        r"\b(for example|for instance|such as|e\.g\.|in other words|that is|to illustrate)\b",
        r"\blike when\b", r"\bin my (last|previous|current) (project|job|role)\b",
    ),
    "contrast": (
        r"\b(however|but|although|though|whereas|on the other hand|instead|otherwise)\b",
        r"\b(trade-?offs?|downside|the catch|unless|depends on|it depends)\b",
    ),
}
ORGANISATION_PATTERNS: Final = {
    kind: tuple(re.compile(cue) for cue in cues) for kind, cues in ORGANISATION_CUES.items()
}

#: Number words that make a statement specific ("three features", "a dozen models"); "one" is
#: left out, as a pronoun it is in every answer.
NUMBER_WORDS: Final = frozenset("""
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred hundreds thousand thousands million millions billion dozen half percent
""".split())

#: Function words left out of keyword matching and lexical diversity of content.
STOPWORDS: Final = frozenset("""
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't down during each few for from further had hadn't has hasn't have haven't having
he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off
on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those through to too under until up
very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
your yours yourself yourselves tell describe give example time explain talk us also just
""".split())
