"""What a post that asks nothing does: its dialogue act, which decides whether a stranger's reply fits at all and,
if it does, which family of templates.

The acts follow the usual dialogue-act distinctions (statement, opinion, thanking, greeting, addressed to
someone; see Stolcke et al. 2000, "Dialogue Act Modeling for Automatic Tagging and Recognition of Conversational
Speech", and Vosoughi & Roy 2016, "Tweet Acts: A Speech Act Classifier for Twitter"), narrowed to what an opener
needs. Questions and requests for help are told apart before this, by :func:`bot.openers.picking.invitation_kind`.

* ``directed``: written *to* someone else: it opens with their @handle (a reply, a complaint to a brand, a fan's
  message; after emoji, "RT" or "Hi"), opens with praise or thanks to one ("Congrats @x!", "So proud of @x"), copies
  someone in ("cc @x"), or it is a shout-out ("#FF @a @b @c"). Answering it is butting into their exchange.
* ``personal``: a greeting, a wish, thanks, cheering ("Go Dawgs!", "good luck"), the author's own feelings and day
  ("Yep. Just gonna cry all day", "We are so happy!", "Had the last few days off", a photo checked in "@ Fleet
  Street"), or their own health ("my chemo", "I have long covid"). It invites friends' warmth, not a stranger's
  question, and a health disclosure is never a stranger's to answer or share.
* ``advert``: selling or canvassing: a price, a discount code, "order now", "available online and @ the cafe", free
  classes to sign up for, "follow back", a reply-to-win contest, "please share widely", "sign the petition". Neither
  a reply nor a share of it fits (the team would be advertising or campaigning for them).
* ``announcement``: the author's own news or work ("Excited to share our new paper", "Publication alert", "now
  hosting a show"): congratulations fit.
* ``event``: an event they run or invite to (a panel, a webinar, "join us"): interest in it fits.
* ``opportunity``: a job, a fellowship, a call for papers: thanks and passing it on fit.
* ``pointer``: a link to something to read, watch or hear (an article, an interview, a report, "check out", "A headline:
  https://…", "Read more in our feature"), with little of the author in it, or someone else's work ("Important new book
  from my fellow series editor"). A link alone is often a photo (X shows a photo as a link in the text), so the post
  must say what the link is.
* ``opinion``: the author's view on something: it says so ("I think", "unpopular opinion"), weighs or judges ("should",
  "overrated", "the problem is", or a word VADER's lexicon rates strongly said of something: "people are great"). It
  may be shared as a view; no template answers it (a fitting reply engages with what it says).
* ``report``: anything else, a statement of what happened or what is ("On this day in 1939 …", "Notes from today's
  meetup", a title-case news headline, a quotation of someone else's view). It is not a view, so "interesting take"
  misreads it, and no question we tried fitted reports in general: it is shared, not answered.

Every rule is a pattern over the post's own words, written out below; no list of accounts or topics.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

from bot.openers.media import quoted_title
from bot.text import MENTION, URL, collapse_whitespace, decode_entities

Act = Literal["directed", "personal", "advert", "announcement", "event", "opportunity", "pointer", "opinion", "report"]

SHOUT_OUT_MENTIONS = 3
"""A post naming this many accounts or more, with few words of its own, is a shout-out list, not a statement."""

_LEADING_MENTIONS = re.compile(r"^(?:\s*(?:[.]\s*)?[@＠][A-Za-z0-9_]{1,15}[:,]?)+")
_LEADING_NOISE = re.compile(r"(?i)^(?:[^\w@＠]|_)*(?:(?:rt|mt)\b[\s,:]*)?")
"""What may come before a leading @handle and still leave the post written to it: emoji and punctuation ("🎉 @bob
you're a star", ".@bob"), a retweet's "RT"."""
_VOCATIVE = re.compile(
    r"(?i)^(?:[^\w@＠]|_)*(?:hey|hi|hello|dear|yo|oi)\b[\s,:]*(?:[@＠][A-Za-z0-9_]{1,15}+[\s,:]*+)++(?![#＃])"
)
"""A greeting to someone by handle ("Hi @StephanieH408, I am wondering …"); one to a handle and hashtags ("Hey,
@AcademicChatter, #AcademicTwitter: how do you …") calls on a whole community and is public."""
_ADDRESSED = re.compile(
    r"(?i)^(?:[^\w@＠]|_)*(?:"
    r"(?:congrat\w*|(?:so\s+|very\s+|really\s+|super\s+|incredibly\s+)?proud\s+of|well\s+done|thank(?:s|\s+you)|kudos(?:\s+to)?|"
    r"hats\s+off\s+to|shout-?out\s+to|big\s+up|bravo|welcome(?:\s+to\s+the\s+team)?|good\s+luck|happy\s+birthday|hbd)"
    r"[\s,!]*(?:to\s+)?[@＠]\w"
    r"|(?:[\w'’-]+[,!]?\s+){1,2}[@＠]\w{1,15}[,!:]?\s+(?:you['’]?re|you\s+(?:\w+ly\s+)?(?:are|were|did|have|nailed|rock\w*|"
    r"deserve\w*|killed|smashed|made|absolute)|thank\s+you|ur)\b)"
)
"""Praise, thanks or congratulations that open on someone's @handle ("Congrats @x!", "So proud of @x"), or a
reply that names them first and then speaks to them ("Sarah @sarah you absolutely nailed it"): written to them."""
_CC = re.compile(r"(?i)(?:^|[\s(])cc:?\s*[@＠]\w")
"""A "cc @x" draws someone into an exchange (a thread reply, a complaint); answering it butts in."""
_SHOUT_OUT = re.compile(r"(?i)(?<![\w#])#(?:ff|followfriday|ww|wednesdaywisdom|shoutout)\b")

GREETINGS_AND_WISHES = re.compile(
    r"(?i)\b(?:happy\s+(?:[\w'’]+\s+){0,2}?(?:birthday|bday|anniversary|new\s+year|holidays?|easter|christmas|diwali|eid|pride\w*|"
    r"mother'?s|father'?s|(?:world|national|international|global)?\w*day\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|friday|hump\s*day|\w+\s+day)|"
    r"happiest\s+of|many\s+happy\s+returns|merry\s+\w+|good\s+(?:morning|afternoon|evening|night)|"
    r"(?:^|[.!]\s*)(?:gm|gn|morning|evening|night\s+all)\b|"
    r"(?:^|(?<=[.!?\n]))[^\w@]*happy\s+(?!to\b|that\b|with\b|about\b|because\b|and\b|as\b|when\b|if\b)(?=\w)|hbd|congrat(?:s|ulations)?\s+(?:to|on|@)|"
    r"thank(?:s|\s+you)\s+(?:all|everyone|so\s+much|to\s+every|for\s+(?:all\s+)?the\s+(?:birthday|lovely|kind))|"
    r"thankyou|tysm|tyvm|thx\s+(?:all|everyone|so\s+much)|"
    r"birthday\s+(?:meal|party|cake|dinner|lunch|drinks|celebrations?|wishes|cards?|presents?|gifts?|girl|boy)|welcome\s+to\s+the\s+world|rest\s+in\s+peace|miss\s+you|love\s+you|proud\s+of\s+(?:you|my|myself)|"
    r"wish(?:ing)?\s+(?:you|everyone|all)|have\s+a\s+(?:great|good|lovely|nice|wonderful|safe|happy)\s+(?:day|night|weekend|week|one|time|evening|"
    r"morning|afternoon|holiday|trip|summer|christmas|birthday|flight)|"
    r"thank(?:s|\s+you)[\s.!,]*$|(?:^|[.!]\s*)thank(?:s|\s+you)\b|happy\s+for\s+(?:you|him|her|them)|happy\s+days|"
    r"(?:so|very|beyond|really|extremely|incredibly|truly)\s+(?:happy|sad|proud|grateful|thankful|moved|lucky|"
    r"blessed|excited)\b(?!\s+(?:to\s+(?:share|announce|present|introduce)|that))|makes?\s+me\s+(?:so\s+|very\s+)?"
    r"(?:happy|sad|smile|cry)|made\s+me\s+(?:so\s+|very\s+)?(?:happy|sad|smile|cry)|today\s+i(?:'m|’m|\s+am)\s+\d+)\b"
)
"""Greetings, wishes and thanks: what friends say to each other, answered in kind, not with a question. A sentence
that opens with "Happy" wishes something ("Happy 40th", "Happy new month", "Happy #PrideMonth2021"), unless it goes
on "to", "that" or "with" ("Happy to announce …")."""

OWN_FEELINGS = re.compile(
    r"(?i)(?:\b(?:i|i'm|i’m|im|i\s+am|i've|i’ve|i\s+was|we're|we’re|we\s+are|me|my)\b[^.!?\n]{0,40}?\b(?:"
    r"(?:so\s+|this\s+|very\s+)?(?:happy|sad|proud|excited|grateful|thankful|glad|lucky|done|over\s+it)\b(?!\s+to\s+"
    r"(?:share|announce|present|introduce|report|say\s+that))|"
    r"(?:feel|feeling|felt)\b|cry(?:ing)?|tired|exhausted|bored|hungry|sleepy|sick|ill|hangover|hungover|"
    r"blessed|grateful|thankful|can'?t\s+wait|cannot\s+wait|miss(?:ing)?\b|love\s+(?:my|this\s+weather)|"
    r"stupidly|extremely\s+proud|made\s+my\s+day|my\s+day|my\s+week(?:end)?|weekend|birthday|bday|"
    r"mum|mom|mama|mummy|mommy|dad|daddy|papa|husband|wife|partner|boyfriend|girlfriend|fianc[eé]e?|kids?|"
    r"daughter|son|little\s+(?:girl|boy|one)|baby|grand(?:parents?|ma|pa|mother|father|dad|kids?|children)|granny|"
    r"nan|bestie|anniversary|followers|days?\s+off|time\s+off|dog|cat|garden|kitchen|"
    r"apartment|flat|house|bed|neighbou?r|surgery|hospital|doctor|dentist|jab|vaccinat\w*|figure|hair|outfit|"
    r"selfie|"
    r"cold|hot|weather|coffee|tea|lunch|dinner|breakfast|holiday|vacation)|"
    r"^\s*(?:yep|yup|nope|ugh|omg|lol|lmao|aww+|yay|woo+|haha\w*)\b|"
    r"\b(?:big|huge|massive|special|heartfelt)\s+thank(?:s|\s+you)\b|\bgratitude\s+to\b|"
    r"\b(?:turned|turns|turning)\s+\d{1,3}\b|\b(?:crying|sobbing|in\s+tears|over\s+the\s+moon)\b|\b\d{1,3}\s+years?\s+old\s+today\b)"
)
"""The author's own feelings and day: first person with a feeling or an everyday thing (family, home, meals,
weather, the weekend), an opening interjection, or big thanks (read after an announcement: "I got a medal! …
huge thanks to my team" is news). A template asking "what led you to it?" reads as a bot."""

OWN_HEALTH = re.compile(
    r"(?i)(?:\b(?:i|i['’]m|im|i\s+am|i['’]ve|i\s+have|i\s+had|i\s+was|me|my)\b"
    # Not across the words of someone's research ("my paper on anxiety", "my students' mental health").
    r"(?:(?!\b(?:paper|preprint|study|studies|research|article|book|chapter|thesis|talk|project|lab|team|course|class|"
    r"students?|patients?|clients?|data|survey|work|grant|podcast|episode|webinar|panel|publish\w*|wrote|written|"
    r"journal|issue|review\w*|special|campaign|awareness|theme)\b)[^.!?\n]){0,40}?"
    r"\b(?:surgery|operation|op|diagnos[ie]s|diagnosed|chemo\w*|radiotherapy|therapy|therapist|counsell?ing|cancer|"
    r"tumou?r|long\s+covid|(?:had|have|got|caught|recovering\s+from|positive\s+for)\s+covid|anxiety|depression|"
    r"depressed|panic\s+attacks?|mental\s+health|adhd|autism|autistic|"
    r"bipolar|ptsd|ocd|eating\s+disorder|anorexia|bulimia|miscarriage|infertility|ivf|prep|hiv|medication|meds|"
    r"antidepressants|illness|chronic\s+(?:pain|illness|fatigue)|migraines?|seizures?|stroke|heart\s+attack|"
    r"biopsy|scan|mri|rehab|recovery|relapse|sobriety|sober|burn-?out)\b"
    r"|(?:^|[.!?]\s*)(?:just\s+|finally\s+|recently\s+)?(?:got|been|was|started|starting|finished|finishing|had|"
    r"back\s+from)\s+(?:my\s+|a\s+|the\s+)?(?:\w+\s+)?(?:diagnosed|diagnosis|therapy|chemo\w*|radiotherapy|surgery|"
    r"treatment|medication|antidepressants|rehab)\b)"
)
"""The author's own health: a diagnosis, surgery, therapy, mental health, a chronic illness ("my chemo", "I have
long covid", "my anxiety", "denied because I'm taking PrEP", "Just got diagnosed with ADHD"). A disclosure is
answered by friends, if at all: never by a stranger's question or a share. Someone's research on it ("my paper on
anxiety") is not a disclosure."""

CHEERING = re.compile(
    r"(?i)\b(?:cheering\s+(?:for|on)|rooting\s+for|good\s+luck|best\s+of\s+luck|fingers\s+crossed|break\s+a\s+leg|"
    r"(?:total|absolute|an\s+absolute|such\s+a|what\s+a)\s+(?:legend|star|hero|icon|gem|superstar)|so\s+proud\s+of)\b"
    r"|(?:^|(?<=[.!?\n]))\s*(?:come\s+on|let['’]?s\s+go|go)\s+(?!(?:read|check|see|watch|listen|vote|sign|get|buy|follow|"
    r"look|to|and|ahead|back|on|out|for|register|apply|donate|give|grab|find|try|visit|here)\b)(?:[\w'’-]+\s+){0,2}"
    r"[\w'’-]+\s*!"
)
"""Cheering and support ("We are cheering for … Go Dawgs!", "good luck", "rooting for", "fingers crossed", "total
legend"): a wish for someone, answered in kind by friends, not with "Well put"."""

OWN_DAY = re.compile(
    r"(?i)(?:^|(?<=[.!?\n]))\s*(?:spotted|had|went|visited|celebrated|celebrating|\d{1,3}\s+today\b)\b"
    r"|\b(?:we|i)\s+(?:celebrated|went|visited)\b|\s@\s+(?-i:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)(?:,|\s+https?://|$)"
    r"|\b(?:with|and)\s+(?:these|my|the|our)\s+(?:lovely|gorgeous|amazing|wonderful|fab\w*|beautiful|favou?rite|best)\s+"
    r"(?:\w+\s+)?(?:ladies|lads|girls|boys|people|humans?|friends?|family|crew|gang|mates?)\b"
    r"|(?:^|(?<=[.!?\n]))\s*(?:privileged|blessed|grateful|thankful|lucky)\s+to\b"
    r"|\b(?:i|we)\s+(?:drew|painted|sketched|knitted|knit|crocheted|baked|cooked)\b|\bcommission\s+(?:i|for)\b"
)
"""The author's own day, outing or photo, with its subject left out as people do ("Spotted this little rainbow lane",
"Had the last few days off", "33 today", "Privileged to have assisted …"), an Instagram check-in ("… @ Fleet
Street"), friends ("with these lovely ladies"), or their own drawing or baking ("A commission I drew for …")."""

OTHERS_WORK = re.compile(
    r"(?i)\b(?:new|latest|great|important|excellent|brilliant|fascinating|terrific|fantastic|must-read|interesting|"
    r"strong|wonderful|superb|powerful|thoughtful)\s+(?:[\w-]+\s+)?(?:paper|preprint|book|novel|article|chapter|study|"
    r"report|piece|essay|op-?ed|episode|podcast|album|single|film|video|thread|review|interview|column)\s+(?:from|by)\s+"
    r"(?!(?:me|us|myself|yours\s+truly)\b|(?:my|our)\s+(?:own\s+)?(?:lab|team|group|department|centre|center|"
    r"company|org\w*|project|students?\s+and\s+me)\b)"
)
"""Someone else's work the author points to ("Important new book from my fellow series editor", "Strong, important
piece from @TheEconomist"): not their news, so it is a pointer (or, without a link, a report), not congratulated."""

OTHERS_NEWS = re.compile(
    r"(?i)\b(?:announc\w*|welcom\w*|introduc\w*)\s+(?:that\s+)?(?:[@＠]\w+|(?:our|the)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:recipients?|winners?|fellows?|awardees?|grantees?|hires?|scholars?|honou?rees?|nominees?)\s+(?:is|are|was|were)\b)"
    r"|\bmy\s+(?:(?:former|old|new|dear|good|brilliant|wonderful|talented|lovely|amazing|fantastic|fellow)\s+)*"
    r"(?:students?|colleagues?|friends?|supervisors?|advisors?|mentees?|co-?authors?|favou?rite\s+\w+)"
    r"(?:\s+(?:and|&)\s+(?:colleague|friend|co-?author|collaborator)s?)?(?!\s+(?:and|&)\s+(?:i|me)\b)\s+"
    r"(?:[\w.'’-]+\s+){0,4}?(?:won|got|received|published|defended|passed|launched|released|"
    r"(?:has|have)\s+(?:just\s+)?(?:won|got|received|published|launched|released|(?:a|an)\s+(?:brilliant\s+|great\s+)?"
    r"new))\b"
    # A third person's achievement: "Big news for Sheffield Uni: they've been awarded £5m", "she has won …".
    r"|\b(?:they|he|she)(?:['’]ve|['’]s|\s+have|\s+has)?\s+(?:just\s+|now\s+|finally\s+)?(?:been\s+)?(?:awarded|won|"
    r"received|published|launched|released|appointed|promoted|shortlisted|nominated|got|offered)\b"
    # A relative's or a friend's news: "My brother's first novel is out today", "my partner got the job!!!".
    r"|\bmy\s+(?:(?:big|little|baby|younger|older|twin)\s+)?(?:brother|sister|mum|mom|dad|father|mother|wife|husband"
    r"|partner|son|daughter|kid|cousin|aunt|uncle|niece|nephew|friend|bestie|best\s+friend|flatmate|roommate)(?:['’]s\b"
    r"|\s+(?:just\s+)?(?:got|won|landed|passed|published|released|launched|has\s+(?:just\s+)?(?:got|won|landed|passed|"
    r"published|released|launched|been\s+offered))\b)"
    # Someone offered a role: "Our intern Sam has been offered a full-time role" is their news, no call to apply.
    r"|\bhas\s+been\s+offered\b"
    # Someone who joined them, friends' and partners' news: "Dr Jo Smith has joined our lab", "12 new organisations
    # have joined our National Portfolio", "Our friends at Hebe Works have just launched their new co-working space".
    r"|(?<!\bwe\s)(?<!\bi\s)(?<!\bthey\s)\b(?:has|have)\s+(?:just\s+|now\s+)?joined\s+(?:our|the|us)\b|\b(?:friends|partners|pals|neighbou?rs)\s+(?:at|from)\s+"
    r"|\btheir\s+(?:brand\s+)?new\b"
    r"|\b(?:their|his|her|the\s+[\w.-]+['’]s)\s+new\s+(?:\w+\s+)?(?:product|book|paper|album|single|song|track|film|series|app|study|report|"
    r"guidelines?|guidance|policy|law|rules?)\b"
    r"|(?:from|by)\s+my\s+favou?rite\s+(?:author|writer|band|artist|scholar)"
    r"|(?<![\w@＠])(?-i:[A-Z][\w.-]*)(?:\s+(?-i:[A-Z][\w.-]*)){0,3}['’]s?\s*\(\s*[@＠]\w{1,15}\s*\)"
    r"|\(\s*[@＠]\w{1,15}\s*\)['’]s\b"
)
"""News about someone else that the author announces or passes on ("our newest open source developer grant recipient
is João Barbosa", "happy to announce that @real_mercyeke will be starring …", "my former student won the best paper
award", "Our competitors just launched their new product", "New book out today from my favourite author"), or
someone's work named with their @handle ("Alexander Dhoest's (@ADhoest) "Homonationalism and Media" has been
published online"; the author's own handle is left out before this is read): the congratulations are theirs, not
the author's, so it is a report (shared, not answered)."""

FINDINGS = re.compile(
    r"(?i)\b(?:report|study|survey|research|analysis|data|paper|preprint|review|audit|poll|census|figures|statistics"
    r"|evidence)\b[^.!?\n]{0,60}?\b(?:finds|found|shows|showed|reveals|revealed|suggests|suggested|confirms"
    r"|highlights|warns|estimates)\b"
    # A finding after a colon ("New report: rents in Manchester up 9%"); after "paper:" it is as often a title.
    r"|\b(?:report|study|survey|analysis|data|audit|poll|census|figures|statistics|evidence)\b[^.!?\n]{0,60}?[:：]\s*"
    r"(?-i:[a-z\d])"
)
"""What a report or a study found ("Our new report finds 1 in 4 unpaid carers skip meals", "New report: rents in
Manchester up 9% in a year", "New study: microplastics found in every placenta"): content passed on, a pointer (or a
report without a link), not news to congratulate or welcome; findings are as often bad news as good."""

FILLED = re.compile(r"(?i)\b(?:has|have)\s+been\s+(?:offered|appointed|hired|given)\s+(?:a|an|the)\b")
"""A role someone has been given ("Our intern Sam has been offered a full-time role"): their news, not a call to
apply, whatever the role's words say."""

SERIAL = re.compile(
    r"(?i)\b(?:episode|ep\.?|issue|part|chapter|installment|instalment|vol(?:ume)?\.?|no\.)\s*#?(?!0*1\b)\d{1,4}\b"
)
"""A numbered instalment of a series ("Episode 24 is now live!", "Issue #12 of the newsletter is out"): routine
content they pass on, not news to congratulate, so a pointer (shared by what it is) or a report. A first one
("Our new podcast is out! Episode 1 …") is a launch, and stays news."""

ANNOUNCEMENT = re.compile(
    r"(?i)\b(?:(?:excited|thrilled|delighted|pleased|proud|happy|glad|honou?red)\s+to\s+"
    r"(?:(?:finally\s+)?(?:announce|share|present|introduce|welcome|launch|release|publish|report|be\s+(?:joining|speaking|presenting|part|working\s+with|partnering|collaborating|providing|"
    r"hosting|featured|launching|teaching)|"
    r"have\s+(?:been|won|got|had|\w+ed)\b|join|start\s+(?:my|our|a|an|as|work)\b))|"
    r"announc(?:e|ing)\b|publication\s+alert|paper\s+alert|new\s+(?:paper|preprint|book|article|chapter|study|"
    r"episode|podcast|blog\s*post|post|report|album|single|video|course|website|project)|"
    r"(?:now|just)\s+(?:out|published|live|released|launched|available)|just\s+accepted|out\s+now|(?:is|are|['’]s)\s+out\s+today|"
    r"(?:got|been|was|were|is|are)\s+accepted\s+(?:to|at|in|for|into|by)|"
    r"(?:is|was|got|been|finally)\s+(?:published|accepted|funded|awarded)|"
    r"(?:our|my)\s+(?:(?:latest|new|first|recent|debut)\s+)?(?:paper|preprint|book|novel|article|chapter|study|talk|"
    r"keynote|episode|podcast|show|album|single|film|course|project|collection|exhibition|app|library|package|release)"
    r"\s+(?:is|are|was|has|just|now|out|comes|drops|launch)|i\s+wrote|we\s+wrote|i(?:'m|’m|\s+am)\s+(?:speaking|presenting|"
    r"giving|hosting|launching)(?!\s+(?:friends|family|guests|people|relatives))|we(?:'re|’re|\s+are)\s+(?:now\s+)?"
    r"(?:hosting|launching|presenting|hiring)(?!\s+(?:friends|family|guests|people|relatives))|"
    r"(?:me|we)\s+and\s+[@＠]?\w+\s+(?:are|have)|collaborated|let\s+me\s+introduce|check\s+out\s+(?:my|our)\s+(?:new|latest|first|debut)|"
    r"(?:received|reached|hit|won|earned|got|awarded|been\s+given)\s+(?:\S+\s+){0,3}?(?:awards?|medal|prize|grant|"
    r"citations|followers|subscribers|milestone|fellowship|scholarship|offer|degree|phd|doctorate|promotion|tenure|"
    r"job)\b|(?:passed|defended|submitted)\s+(?:my|our)\s+(?:\w+\s+)?(?:thesis|dissertation|viva|defen[cs]e|"
    r"exams?|test)|(?:i|we|i['’]ve|we['’]ve|i\s+have|we\s+have|just|finally|officially)\s+graduated|"
    r"(?<!your\s)(?<!their\s)(?<!his\s)(?<!her\s)(?:small|big|little|huge|major|minor|personal)\s+(?:[\w-]+\s+)?wins?\b|(?:i|we)(?:['’]m|\s+am|['’]re|\s+are)\s+(?:now\s+)?(?:a\s+)?dr\b)"
)
"""The author's own news or work: an announcement, a release, a talk they give, an award or a milestone they
reached ("my work just received 100 citations", "passed my thesis defense")."""

_HEAD_NOUN_END = (
    r"(?=\s*(?:[“\"'«:!.,;)\]—–-]|$)|\s+(?:is|are|was|were|has|have|had|out|on|about|with|in|into|for|from|by|to|of|and|"
    r"that|which|just|now|today|tomorrow|this|launch\w*|drops?|comes?|goes|went|gets?|got|will|\w+ed)\b)"
)
"""What may follow the noun of a work for it to be the work itself ("our new paper on …", "new single “Forever 17”"):
followed by another noun it is a modifier ("our new podcast studio", "new video game corner")."""
ACHIEVEMENT = re.compile(
    r"(?i)\b(?:announc(?:e|es|ed|ing|ement)|publication\s+(?:alert|day)|paper\s+alert|"
    r"(?:got|been|was|were|is|are|just|finally|officially)\s+(?:published|accepted|funded|awarded|promoted|appointed|"
    r"elected|shortlisted|nominated|featured|wrapped|released|launched)|(?:now|just)\s+(?:out|published|released|"
    r"launched|dropped)|out\s+(?:now|today|tomorrow|in\s+the\s+world)|(?:is|are|['’]s)\s+(?:officially\s+)?out\b|"
    r"(?:my|our)\s+(?:(?:latest|new|first|debut)\s+)?(?:paper|preprint|book|novel|article|chapter|study|album|single|"
    r"ep|release|film|course|collection|exhibition|app|library|package|podcast|show|game)" + _HEAD_NOUN_END + "|"
    r"new\s+(?:[\w-]+\s+)?(?:paper|preprint|book|novel|article|chapter|study|report|album|single|ep|film|course|"
    r"podcast|show|series|guide|game|product|job|role|position|lab|company|startup)" + _HEAD_NOUN_END + "|"
    r"(?:i|we)\s+wrote|(?:i|we)\s+(?:just\s+|have\s+|['’]ve\s+|finally\s+)?won\b|"
    r"(?:received|reached|hit|won|earned|got|awarded|been\s+given)\s+(?:\S+\s+){0,6}?(?:awards?|medal|prize|grant|"
    r"citations|followers|subscribers|milestone|fellowship|scholarship|offer|degree|phd|doctorate|promotion|tenure|job)|"
    r"(?:passed|defended|submitted)\s+(?:my|our)\b|graduated|"
    r"(?:i|we)(?:['’]m|\s+am|['’]re|\s+are|['’]ll|\s+will)\s+(?:now\s+)?(?:be\s+)?(?:joining\s+(?!you\b|in\b)|"
    r"starting\s+(?:a\s+new|my|our|as|at|work)\b|hosting\s+(?:a|my|our)\s+(?:new\s+)?(?:[\w/-]+\s+){0,2}?"
    r"(?:show|podcast|series)\b)|"
    r"(?:i|we)(?:['’]m|\s+am|['’]re|\s+are)\s+(?:now\s+)?(?:a\s+)?dr\b|"
    r"(?:small|big|little|huge|major|personal)\s+(?:[\w-]+\s+)?wins?)\b"
)
"""What makes an announcement an achievement of the author's, one that congratulations fit: a release, a
publication, an award or a milestone reached, a degree, a new role, or news they announce as such. An announcement
without one is good news of another kind (their service at work: "We're happy to be working with @OCH_LCO to give
out 30 refurbished bikes today!", "the community safety CCTV camera is now live", "Let me introduce to you: the new
#rstats pipe emoji"), which blind graders found odd to congratulate: it is welcomed instead
(:data:`bot.openers.wording.REPLY_GOOD_NEWS`)."""


WORK = re.compile(
    r"(?i)\b(?:releases?|singles?|albums?|ep|books?|novels?|papers?|preprints?|articles?|chapters?|study|games?|films?|"
    r"shows?|podcasts?|courses?|apps?|awards?|prizes?|medals?|grants?|fellowships?|lecturer|professor|prof|job|role|"
    r"position|phd|degree|citations)\b"
)
"""The work, the prize or the role an achievement is about; a post claiming one without naming any ("my cat is out",
"I'm joining you in spirit") is no announcement."""


def achievement(text: str) -> bool:
    """Whether an announcement ``text`` (:func:`statement_act` "announcement") names an achievement of the author's
    (:data:`ACHIEVEMENT`), so that congratulations fit it; links and hashtag signs aside."""
    return ACHIEVEMENT.search(URL.sub(" ", _plain(text))) is not None


OPPORTUNITY = re.compile(
    r"(?i)\b(?:job\s+alert|opportunity\s*:|we(?:'re|’re|\s+are)\s+hiring|now\s+hiring|(?:is|are)\s+(?:seeking|"
    r"hiring|recruiting|looking\s+for\s+(?:an?\s+)?(?:new\s+)?(?:\w+\s+)?(?:experts?|candidates?|applicants?|"
    r"volunteers?|writers?|researchers?|students?|postdocs?|people\s+to|someone\s+to))|(?:post-?doc(?:toral)?|pre-?doc(?:toral)?|phd|faculty|research|tenure[-\s]track)\s+"
    r"(?:positions?|fellowships?|scholarships?|studentships?|openings?|jobs?)|fellowships?\b|scholarships?\b(?!\s+(?:in|on|of|about)\b)|"
    r"studentships?\b|call\s+for\s+(?:papers|proposals|abstracts|submissions|applications|participants)|\bcfp\b|"
    r"apply\s+(?:now|here|by|before)|applications?\s+(?:are\s+)?(?:open|close|due)|deadline|vacanc(?:y|ies)|"
    r"(?:open|vacant)\s+position|(?:temporary|permanent|tenured?|full-?time|part-?time|fixed-?term|"
    r"funded)\s+(?:positions?|posts?|jobs?|roles?|contract|phds?)\b|be\s+(?:my|our)\s+colleague|join\s+(?:our|my)\s+"
    r"(?:team|lab|group)\b|grant\s+(?:opportunity|call))"
)
"""A job, a fellowship, a call: thanks and passing it on fit; "what led you to it?" does not. Scholarship in the
sense of study ("scholarship in English") is none."""

AWARDED = re.compile(
    r"(?i)\b(?:received|won|awarded|been\s+given|got|earned|secured|landed|offered)\s+(?:\S+\s+){0,3}?(?:fellowships?|"
    r"scholarships?|studentships?|grants?|(?:phd|postdoc\w*)\s+(?:positions?|places?|offers?)|job\s+offers?)\b"
)
"""A fellowship, scholarship or grant the author won ("Thrilled to have been awarded a Marie Curie fellowship!"):
their news, to be congratulated, not a call to pass on ("What kind of person would be a great fit?")."""

ADVERT = re.compile(
    r"(?i)(?:\b(?:for\s+)?only\s+[$£€]\s?\d|[$£€]\s?\d+(?:\.\d\d)?\s+(?:only|off|each)\b|\b\d{1,2}\s?%\s+off\b|"
    r"\b(?:promo|discount|coupon|gift)\s+code\b|\buse\s+code\b|\b(?:order|shop|buy|book)\s+(?:now|today|online|here)\b|"
    r"\bfree\s+(?:shipping|delivery)\b|\bfollow(?:ing)?\s+(?:them\s+|us\s+|you\s+)?back\b|\bfollow\s+(?:me|us)\s+"
    r"(?:and|&|for)\b|\b(?:reply|comment|retweet|rt)\s+(?:\w+\s+){0,6}?(?:to\s+win|and\s+win|for\s+a\s+chance)|"
    r"\bstand\s+a\s+chance\s+to\s+win\b|\blook\s+no\s+further\b|\bsale\s+(?:spots?|price|ends)\b|"
    r"\bavailable\s+(?:now\s+)?online\s+(?:and|&)\s*(?:@|at|in|from)\s|"
    r"\b(?:available|in\s+stock)\s+(?:now\s+)?(?:@|at|in|from)\s+(?:[\w'’]+\s+){0,3}?(?:caf[eé]|shops?|stores?|boutique|"
    r"market|etsy|amazon)\b|\b(?:get|grab|order)\s+yours\b|\bpre-?orders?\s+(?:now|today|here)\b|"
    r"\b(?:sign\s+up|enrol+|register|book)\s+(?:now\s+|today\s+)?for\s+(?:a\s+|your\s+|our\s+)?free\s+(?:classes|class|trial|"
    r"consultation|quote|sample|lessons?|demo|estimate|ebook|e-book)\b)"
)
"""Selling: a price or a discount, a call to buy ("get yours", "pre-order now"), a product "available online and @
the cafe", free classes or a free trial to sign up for (a programme's recruiting ad), a follow-back call, a
reply-to-win contest, an ad's "look no further"."""

CANVASSING = re.compile(
    r"(?i)\b(?:(?:please|pls|plz|kindly)\s+(?:(?:do\s+)?(?:share|rt|retweet|repost|donate|vote|sign|amplify|boost|spread|"
    r"call|email|write\s+to)|take\s+(?:some|a|the)\s+(?:time|minute|moment))|share\s+(?:this\s+)?(?:widely|far\s+and\s+wide)|"
    r"spread\s+the\s+word|add\s+your\s+name|sign\s+(?:the|our|this|my)\s+petition|sign\s+on\s+if|donate\s+(?:now|today|here|what\s+you\s+can)|"
    r"(?:call|email|write\s+to|contact|tell)\s+your\s+(?:mp|senators?|representatives?|reps?|congress\w*|councill?ors?|"
    r"legislators?|mla|mep|governor|mayor)\b|vote\s+(?:for|yes|no)\b)"
)
"""Canvassing: a call to spread a message, sign, donate, vote or lobby ("Please share widely to counter
misinformation", "Sign on if you teach in the DMV area"). Read as an :data:`ADVERT`: a stranger's "What kind of
person would be a great fit?" misreads it, and the team sharing it would campaign for them."""

CALL_TO_ACT = re.compile(
    r"(?i)\b(?:(?:please|pls|plz)\s+(?:apply|join(?!\s+(?:us|me)\b)|submit|fill|take\s+(?:the|our|this|a|part))|"
    r"sign\s+up\s+if|apply\s+if|submit\s+(?:your|a)\b|nominate\s+(?:someone|a|your))"
)
"""A call to take part (apply, submit, fill in, nominate): thanks and a would-be participant's question fit, as for
a job. A call to share, sign, donate or vote is :data:`CANVASSING`; "please join us" is an :data:`EVENT`."""

EVENT = re.compile(
    r"(?i)\b(?:join\s+(?:us|me|our)|(?:we(?:'re|’re|\s+are)|i(?:'m|’m|\s+am))\s+(?:hosting|running|organi[sz]ing|"
    r"holding)(?!\s+(?:a|our|my|the)\s+(?:new\s+)?(?:[\w/]+\s+){0,3}?(?:show|podcast|series)\b)"
    # Nor friends for dinner: "I'm hosting friends tonight" is their own evening.
    r"(?!\s+(?:friends|family|guests|people|relatives|the\s+(?:kids|family|in-?laws)|(?:my|our)\s+(?:family|"
    r"friends|parents|kids|in-?laws))\b)|(?:panel|webinar|"
    r"workshop|seminar|symposium|meetups?|meet-ups?|conference|colloquium|live\s+stream|livestream|session|q&a|"
    r"ama)\s+(?:on|about|with|at|for|tomorrow|today|tonight|this|next|starts?)|"
    r"(?:please\s+)?register\s+(?:now|here|today|for|by)|save\s+the\s+date|(?:tune|dial)\s+in|rsvp|"
    r"(?:spots?|places?|seats?|tickets?)\s+(?:are\s+)?(?:still\s+)?(?:open|left|remaining|available)|"
    r"(?:to\s+be|will\s+be)\s+held|sign\s+up\s+as\s+an?\s+\w+|on\s+@clubhouse|(?:ig|instagram|facebook)\s+live|"
    r"booking\s+(?:information|info|details|is\s+now\s+open|now\s+open)|tickets?\s+(?:are\s+)?(?:now\s+)?(?:on\s+sale|available)|"
    r"twitter\s+spaces?|(?:at\s+|(?<=\())\d{1,2}(?::\d\d)?\s*(?:am|pm)\s*\(?(?:[ecmp][sd]?t|gmt|utc|bst|cest|cet|aest|ist|wat|eat)\b)"
)
"""An event they run or invite to: interest and a practical question fit ("Will it be recorded?"). Spots still
open, "to be held", "register by" mark one; hosting a show or a podcast is their work (an announcement). "The
panels at …" (plural) is an audience's talk, not an invitation."""

AUDIENCE = re.compile(
    r"(?i)\b(?:excited|looking\s+forward|can['’]?t\s+wait|cannot\s+wait|ready)\s+to\s+(?:start\s+|go\s+)?"
    r"(?:watch(?:ing)?|attend(?:ing)?|see(?:ing)?|hear(?:ing)?|catch(?:ing)?|listen(?:ing)?)\b"
)
"""Someone looking forward to an event as its audience ("Super excited to start watching all of the interesting
panels at #ICA21 today!"): their own day, not an event to ask about."""

POINTER = re.compile(
    r"(?i)\b(?:read|article|piece|op-?ed|essay|paper|preprint|study|report|review|interview|podcast|episode|video|"
    r"watch|listen|thread|blog|post|story|book|chapter|guide|explainer|resource|toolkit|infographic|data|"
    r"program(?:me)?|check\s+(?:out|the)|learn\s+more|more\s+(?:here|info)|via|tips|here\s+(?:are|is)|here['’]s|"
    r"visit\s+(?:the|our|their|this)|go\s+to)\b"
)
"""Words that say what a link is (something to read, watch or hear): a link without them is often a photo."""

OPINION = re.compile(
    r"(?i)\b(?:i\s+(?:think|believe|feel|reckon|suspect|guess|doubt|disagree|agree|wonder)|imo|imho|"
    r"in\s+my\s+(?:view|opinion|experience)|unpopular\s+opinion|hot\s+take|(?:to\s+be\s+)?honest(?:ly)?|"
    r"should(?:n['’]?t)?(?!\s+(?:have|['’]ve)\b)|ought\s+to|needs?\s+to|must|(?:it['’]?s|it\s+is)\s+time|over-?rated|under-?rated|"
    r"(?:is|are|was|were)\s+(?:not\s+)?(?:the\s+)?(?:better|worse|best|worst|wrong|right|key|problem|point|"
    r"important|essential|overlooked)|the\s+(?:problem|point|issue|trouble|thing)\s+(?:is|with)|matters?\b|"
    r"proof\s+that|nonsense|ridiculous|absurd|(?:we|you|people|everyone)\s+(?:need|have)\s+to|"
    r"(?:more|less)\s+(?:\w+\s+)?than|rather\s+than|instead\s+of|if\s+you\s+ask\s+me|let['’]?s\s+be\s+clear|"
    r"i\s+(?:find|wish|love|hate|prefer)|taught\s+(?:me|us)|(?:i|we)(?:['’]ve|\s+have)?\s+learn(?:ed|t)|lessons?)\b"
)
"""Marks of a view (a stance, a judgement, a comparison): a post with none is a report of what is or happened."""

STANCE = re.compile(
    r"(?i)\b(?:i\s+(?:(?:really\s+|honestly\s+|genuinely\s+)?(?:think|believe|reckon|suspect|doubt|disagree|agree)|"
    r"(?:would|'d|’d)\s+argue)|imo|imho|in\s+my\s+(?:view|opinion)|unpopular\s+opinion|hot\s+take|"
    r"(?:to\s+be\s+)?honest(?:ly)?|tbh|should(?:n['’]?t)?(?!\s+(?:have|['’]ve)\b)|ought\s+to|must|(?:it['’]?s|it\s+is)\s+time|"
    r"over-?rated|under-?rated|the\s+(?:problem|point|issue|trouble)\s+(?:is|with)|is\s+(?:a|the)\s+privilege|"
    r"(?:is|are)\s+proof\s+that|if\s+you\s+ask\s+me|let['’]?s\s+be\s+clear|(?:we|people|everyone)\s+(?:need|have)\s+to|"
    r"lessons?\s+(?:from|learned|learnt|i|we)|taught\s+(?:me|us)|(?:i|we)(?:['’]ve|\s+have)?\s+learn(?:ed|t)|"
    r"things\s+i\s+(?:wish|learned|learnt))\b"
)
"""An explicit stance: the author says it is their view ("I think", "unpopular opinion"), says what ought to be
("should", "must", "the problem is"), or offers what experience taught them ("Lessons from a year of …"). A view
marked only by a judging word ("it was great", "happy making") is as often the author's day or a fan's delight: it
is answered only when the reply can name its subject."""


EMBEDDED_QUESTION = re.compile(
    r"(?i)\b(?:what|which|how|when|where|whether|who)\s+(?:[\w'’]+\s+){0,2}?(?:should|must|ought\s+to|needs?\s+to)\b"
)
"""A question inside a sentence ("let @Jason know what he should ask me", "it does beg the question of whether we
should bother"): its "should" weighs nothing, so it marks no view. "Should have" is regret, not a view ("We should
have had today off")."""


def _own_words_unquoted(text: str) -> str:
    """``text`` read as the acts read it (:func:`_plain`), links, quotations and embedded questions
    (:data:`EMBEDDED_QUESTION`) left out."""
    return EMBEDDED_QUESTION.sub(" ", _QUOTED.sub(" ", _plain(URL.sub(" ", text))))


GRIM_VALENCE = -1.5
"""A word VADER's lexicon rates at most this (-4..4) makes a subject grim: "threats" -1.8, "conspiracy" -2.4,
"depression" -2.7, "war" -2.9."""


def grim_subject(text: str) -> bool:
    """Whether ``text`` names a grim subject (a word at most :data:`GRIM_VALENCE` in VADER's lexicon, Hutto & Gilbert
    2014), links and handles aside: their achievement on it ("My article on emerging safety threats to journalists
    just came out") is congratulated soberly, not with "this is wonderful to see!", which a blind grader read as
    cheering the threats."""
    valences = _valences()
    plain = MENTION.sub(" ", URL.sub(" ", decode_entities(text)))
    return any(valences.get(word.casefold(), 0.0) <= GRIM_VALENCE for word in re.findall(r"[A-Za-z]+", plain))


def states_a_view(text: str) -> bool:
    """Whether ``text`` states a view explicitly (:data:`STANCE`), quotations aside."""
    return STANCE.search(_own_words_unquoted(text)) is not None


def discloses_own_health(text: str) -> bool:
    """Whether ``text`` is the author's own health (:data:`OWN_HEALTH`), quotations aside: never a stranger's
    opener's target or topic, whatever it asks."""
    return OWN_HEALTH.search(_own_words_unquoted(text)) is not None


_QUOTED = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
"""A quotation: someone else's words, so a view inside it ("… must keep moving", "… isn't justified") is not the
author's."""
ON_THIS_DAY = re.compile(
    r"(?i)\b(?:on\s+this\s+day|\d+\s+years\s+ago\s+today|this\s+day\s+in\s+\d{4})\b|^\W*(?:til|today\s+i\s+learn(?:ed|t))\b"
)
"""History ("25 years ago, on this day …") or what they learned today ("TIL about repeat loop. Seems I know less than
…"): a report, whatever judgement it holds ("lucky", "less than")."""
_LINK_INTRODUCED = re.compile(
    r"(?m)^[^\W\d][^\S\n]*(?:[^\s:：]+[^\S\n]+){3,}[^\s:：]+[:：][^\S\n]*(?:https?://|www\.)\S+"
)
"""A line of four words or more that ends on a colon before its link ("PR should live life through empathetic eyes:
https://…") is the link's headline: it says what the link is. ("Contact: https://…" or a list's "- by area:" is
not.)"""
STRONG_POINTER = re.compile(
    r"(?i)\b(?:read\s+(?:more|it\s+here|the\s+full|the\s+whole)|full\s+(?:story|article|interview|episode|piece|"
    r"report|video|paper)|listen\s+(?:here|now)|watch\s+(?:here|now|the\s+full)|more\s+in\s+(?:our|my|the))\b"
)
"""Words that point to the link whoever wrote it ("Read more in our #InQuotes feature"): a pointer even in the
first person."""
HEADLINE_WORDS = 6
"""A text before its link of at least this many words, its longer words nearly all capitalised ("Less Than Half The
Adults In Five US States Have Received …"), is a news headline: a report of what happened, not the author's view.
(Answered as a pointer, "What's the main takeaway for you?" went to automated feeds and bare health headlines.)"""


def _headline(text: str) -> bool:
    """Whether ``text`` (links aside) is a headline in title case: :data:`HEADLINE_WORDS` words or more, and at
    least four in five of its words longer than three letters capitalised."""
    if "\n" in text.strip() or re.search(r"[.!?]\s", text):
        return False  # a headline is one line and one phrase; hashtag lines, lists and "Best. Feature. Ever." are not
    words = re.findall(r"(?<![#\w])[A-Za-z][\w'’-]*", text)
    long_words = [word for word in words if len(word) > 3]
    return (
        len(words) >= HEADLINE_WORDS
        and bool(long_words)
        and (sum(word[0].isupper() for word in long_words) >= 0.8 * len(long_words))
        and not text.isupper()
    )


ADVICE = re.compile(
    r"(?i)\btips?\s*(?:#?\s*\d+\s*)?[:!]|(?:^|(?<=[.!?\n]))[^\w\n]*(?:be|make\s+sure|remember|don['’]t\s+forget|protect|stay|"
    r"keep|take|try|avoid|wash|wear|get|know\s+(?:when|how|where))\b[^.!?\n]{0,60}?\b(?:you|your|yourself)\b"
)
"""A tip or a public-health line telling the reader what to do ("MENTAL HEALTH TIP #1073: …", "Be active in your
health care by …"): advice, not a view to ask "what led you to it?" about. It is a report unless it says what its
link is (a pointer)."""
DIALOGUE = re.compile(
    r"(?im)^[^\w\n]*(?:me|you|us|him|her|them|my\s+\w+|nobody|everyone|people|day\s+\d+|[a-z]+\s+\d+)\s*:\s*\S"
)
"""A joke told as lines of dialogue or a diary ("you: … / us: …", "Him: …", "Day 1 on ClubHouse: …"): it wants a
laugh, not "Thanks for this on pound aperol spritz. Do you think it holds more widely?"."""


_PREDICATE = re.compile(
    r"(?i)\b(?:is|are|was|were|feels?|seems?|looks?|sounds?)\s+(?:(?:so|really|just|very|quite|pretty|too|truly|"
    r"absolutely|not|such|a|an)\s+)*([a-z]+)"
)
JUDGING_VALENCE = 1.5
"""A word said of something ("people are great") judges it when VADER's lexicon (Hutto & Gilbert 2014) rates it at
least this far from neutral on its -4..4 scale: "great" 3.1, "hard" -0.4 (not judging), "awful" -2.0."""


@functools.cache
def _valences() -> dict[str, float]:
    # Imported on first use, like bot.openers.tone's classifiers: most processes never need the lexicon.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # pyright: ignore[reportMissingTypeStubs]

    return {str(word): float(valence) for word, valence in SentimentIntensityAnalyzer().lexicon.items()}


def _judges(text: str) -> bool:
    """Whether ``text`` says something is good or bad ("people are great", "this was awful")."""
    valences = _valences()
    return any(
        abs(valences.get(found.group(1).casefold(), 0.0)) >= JUDGING_VALENCE for found in _PREDICATE.finditer(text)
    )


_FIRST_PERSON = re.compile(r"(?i)\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|me|my|mine|we|we're|we’re|our|(?-i:[uU]s))\b")
"""The author in the post; "US" in capitals is the country ("Five US States Have Received …")."""


def _without_own_mentions(text: str, own_handle: str | None) -> str:
    if not own_handle:
        return text
    own = own_handle.casefold().lstrip("@")
    return MENTION.sub(lambda found: "" if found.group(1).casefold() == own else found.group(0), text)


def directed(text: str, own_handle: str | None = None) -> bool:
    """Whether ``text`` is written to someone else: it opens with another account's @handle (after emoji, "RT" or
    "Hey"), it opens with praise or thanks to one (:data:`_ADDRESSED`), it copies someone in ("cc @x"), or it is a
    shout-out (#FF and the like, or :data:`SHOUT_OUT_MENTIONS` handles and hardly any words of its own). The
    author's own handle (a thread continued with @self) does not count."""
    text = _without_own_mentions(decode_entities(text), own_handle)
    if _LEADING_MENTIONS.match(_LEADING_NOISE.sub("", text, count=1)):
        return True
    if _VOCATIVE.match(text) or _ADDRESSED.search(text) or _CC.search(text):
        return True
    if _SHOUT_OUT.search(text):
        return True
    mentions = MENTION.findall(text)
    own_words = len(MENTION.sub(" ", URL.sub(" ", text)).split())
    return len(mentions) >= SHOUT_OUT_MENTIONS and own_words < 2 * len(mentions)


_OPENING_GREETING = re.compile(r"(?i)^[\W_]*(?:congrat\w*|cheers|welcome|thank(?:s|\s+you))\b")


def _plain(text: str) -> str:
    # A hashtag's word is read as a word ("Happy #Friday everyone" is a greeting), and letters styled with
    # Unicode's mathematical alphabets ("𝗪𝗜𝗡", "𝘀𝗮𝗹𝗲") as the letters they show (NFKC).
    return collapse_whitespace(re.sub(r"[#＃](?=\w)", "", unicodedata.normalize("NFKC", decode_entities(text))))


def greets(text: str) -> bool:
    """Whether ``text`` greets, wishes or thanks (:data:`GREETINGS_AND_WISHES`, or it opens with congratulations,
    cheers, a welcome or thanks), @handles aside ("@bob happy birthday bro!"): it wants the same back, not a
    stranger's question, and is no post to share."""
    plain = _plain(MENTION.sub(" ", text))
    return bool(GREETINGS_AND_WISHES.search(plain) or _OPENING_GREETING.match(plain))


@functools.lru_cache(maxsize=4096)
def statement_act(text: str, own_handle: str | None = None) -> Act:
    """The :data:`Act` of a post that asks nothing (see the module docstring), from its text; ``own_handle`` is
    the author's handle without @. Checked in this order: directed; their own health (personal); a greeting, wish
    or thanks (personal); advert or canvassing; a fellowship or grant won (announcement); opportunity or a call to
    take part; event; someone else's work (pointer, or report without a link); someone else's news (report,
    :data:`OTHERS_NEWS`); a numbered instalment (pointer or report, :data:`SERIAL`); announcement; their own
    feelings, day or cheering (personal); history, what they learned today or a joke in dialogue (report);
    pointer; advice or a headline (report); opinion; report. So an announcement wins over the feelings that come
    with it ("So happy to share our new paper"), a wish over the news it opens ("Happy Pride! Check out our new
    project"), and a health disclosure over anything ("Excited to share I finished chemo!" gets no stranger's
    question)."""
    if directed(text, own_handle):
        return "directed"
    # Cached: the picker, the share picker and the templates each ask about the same post.
    plain = _plain(_without_own_mentions(text, own_handle))
    unlinked = URL.sub(" ", plain)
    linked = URL.search(plain) is not None
    if OWN_HEALTH.search(_QUOTED.sub(" ", unlinked)) or greets(text):
        return "personal"
    if ADVERT.search(plain) or CANVASSING.search(plain):
        return "advert"
    if AWARDED.search(plain) and not OTHERS_NEWS.search(unlinked):
        return "announcement"
    if FILLED.search(unlinked):
        return "report"
    if OPPORTUNITY.search(plain) or CALL_TO_ACT.search(plain):
        return "opportunity"
    if AUDIENCE.search(plain):
        return "personal"
    if EVENT.search(plain):
        return "event"
    if OTHERS_WORK.search(unlinked):
        return "pointer" if linked else "report"
    if OTHERS_NEWS.search(unlinked):
        return "report"
    if FINDINGS.search(unlinked):
        return "pointer" if linked else "report"
    if SERIAL.search(unlinked) and not AWARDED.search(plain):
        return "pointer" if linked else "report"
    if ANNOUNCEMENT.search(plain):
        return "announcement"
    if (
        _FIRST_PERSON.search(unlinked)
        and ACHIEVEMENT.search(unlinked)
        and (WORK.search(unlinked) or quoted_title(text) is not None)
    ):
        # Their own release, prize or role said plainly, without a formula: "My latest release “Le Passage” is out
        # tomorrow", "We won Best Small Business at the Leeds Business Awards", "I'm joining the University of
        # Glasgow as a Lecturer".
        return "announcement"
    if OWN_FEELINGS.search(unlinked) or OWN_DAY.search(plain) or CHEERING.search(unlinked):
        return "personal"
    if ON_THIS_DAY.search(unlinked) or DIALOGUE.search(decode_entities(text)):
        return "report"
    unquoted = EMBEDDED_QUESTION.sub(" ", _QUOTED.sub(" ", unlinked))
    if linked and (
        STRONG_POINTER.search(unlinked)
        or (not _FIRST_PERSON.search(unquoted) and (POINTER.search(unlinked) or _LINK_INTRODUCED.search(text)))
    ):
        return "pointer"
    if ADVICE.search(unlinked) or (linked and _headline(MENTION.sub(" ", URL.split(decode_entities(text), 1)[0]))):
        return "report"
    return "opinion" if OPINION.search(unquoted) or _judges(unquoted) else "report"


_FIRST_SENTENCE = re.compile(r"^[^.!?？\n]*[?？]")


def opens_with_question(text: str) -> bool:
    """Whether the post's first sentence (mentions, links and leading emoji aside) is a question."""
    plain = collapse_whitespace(MENTION.sub(" ", URL.sub(" ", decode_entities(text)))).lstrip(" \u201c\"'")
    return _FIRST_SENTENCE.match(plain) is not None
