"""The template texts, by what they fit: a reply to what a post does, a share, a hello (warm lead, through a seed,
on a topic, or bare), each with and without a phrase of theirs.

Every template asks or offers, never claims: nothing in a draft asserts a fact Circlebot doesn't know (we know a
seed follows them; we don't know the seed "speaks highly" of them). {phrase}/{topic} is a whole noun phrase of
theirs or the team's topic, {them}/{seed} are cleaned handles. No draft starts with "@": X would show it only to
people who follow both accounts, which defeats a hello or a share. No template answers a question or a request for
help (only an answer would, and a template has none), nor a view, a report or a link passed on (a fitting reply
engages with what they say, which a template can't); what answers the rest depends on what the post does
(:mod:`bot.openers.acts`): an announcement gets congratulations, an online event interest, any other event good
wishes, a job or a call thanks. Each
family holds enough variants that a day's digest seldom repeats one (see :class:`bot.openers.templates.TemplateUse`).
"""

from __future__ import annotations

# Their own news or work (a paper, a release, a show, a defended thesis, an award, a new role or collaboration):
# congratulations. No phrase: the post's noun phrases are often not the news itself ("Congrats on
# Penn State University!" to an episode with its dean), and congratulations need none. Every question fits a start
# as well as a finish: "What was the hardest part to get right?", "How long has it been in the works?" and "What
# surprised you most along the way?" misread a new role ("Happy to announce I'm working with the good folks at
# @resy …", "I'll be joining … faculty in 2022!") or an award; "Nice work! What's next after this?" brushed aside a
# launch on its day, "Well done!" fitted neither booking details nor a new job, and "What are you hoping comes of
# it?", "What are you most excited about with it?" and "How did it all come about?" fitted neither a medal, a
# citation count nor a funder naming its grantee. Plain congratulations fitted them all.
REPLY_ANNOUNCEMENT = (
    "Congratulations — great to see this!",
    "Congrats, this is great news!",
    "Great news, congratulations!",
    "Congrats — this is wonderful to see!",
)
# Their achievement on a grim subject (acts.grim_subject: threats, war, depression): congratulations without the
# cheer. "Congrats — this is wonderful to see!" under an article on threats to journalists read as cheering them.
REPLY_ANNOUNCEMENT_SOBER = (
    "Congratulations on getting this out.",
    "Congrats on this one — an important subject.",
    "Congratulations on the new work.",
)
SHARE_ANNOUNCEMENT_SOBER = ("Congrats to @{them} on this one.", "Congratulations to @{them} on getting this out.")
# Their good news that is no achievement of theirs (acts.achievement): their service at work, a thing now running,
# a playful reveal ("We're happy to be working with @OCH_LCO to give out 30 refurbished bikes today!", "the community
# safety CCTV camera is now live", "Let me introduce to you: the new #rstats pipe emoji"). Blind graders found
# congratulations odd on these; gladness fits them, as it would an achievement ("Love to see this" read as taking
# sides on a councillor's new CCTV camera).
REPLY_GOOD_NEWS = (
    "Great to see this!",
    "Good to see — thanks for the update!",
    "This is great to see!",
)
# A talk, a panel or a conference they run or speak at online (a webinar, a stream; see ONLINE and TALK in
# templates): whether it will be recorded. Not a social (a happy hour, a meet-up), which no one records.
# Each fits whoever posts it, the organiser or a speaker ("Thanks for putting this on!" thanked a panellist), and a
# conference as well as a session ("Will the slides be shared afterwards?" answered a conference's registration;
# "Thanks for putting the word out" treated a speaker's own keynote as news passed on).
REPLY_EVENT = (
    "This looks great. Will it be recorded for anyone who can't make it?",
    "Sounds worthwhile. Will a recording be shared afterwards?",
    "Looks great! Will there be a recording for anyone who can't join live?",
)
# Any other event (in a room, a town, a festival; a social, a sign-up, a Clubhouse chat): good wishes. Asking whether
# it will be recorded misread an in-person art weekend, a preconference a year away, an online mentoring sign-up
# and a Clubhouse happy hour; "This looks lovely — hope it's a great day!" was flat for a workshop or a talk.
REPLY_EVENT_WISHES = (
    "Looks great — hope it goes well!",
    "Sounds like a great event. Hope there's a good turnout!",
    "This sounds brilliant — hope it's a big success!",
)
# A job, a fellowship, a call: thanks for passing it on. No phrase either: the post's noun phrases name the role, the
# funder or the place, and "Thanks for flagging Queer writer" misreads them. No question: whether the post is theirs
# or passed on is seldom clear ("What kind of person would be a great fit?" and "Anything you'd tell people thinking
# of going for it?" asked someone relaying another's call; "Any tips for putting an application together?" answered
# "inbox me"; "Who's the best person to ask about it?" asked the journal that posted its own call, and "Is it open to
# people from outside the field?" what the link says; "Thanks for posting this, good to see it going round" read as a
# bystander's to the journal's own call).
REPLY_OPPORTUNITY = (
    "Great opportunity, thanks for sharing it.",
    "Thanks for sharing — hope it reaches the right people.",
    "This looks like a great opportunity — thanks for posting it!",
)
# A share says what the post passes on (bot.openers.media), with or without a phrase of theirs.
SHARE_THREAD = (
    "Good thread from @{them} on {phrase}.",
    "A thread on {phrase} worth reading in full, from @{them}.",
    "Worth reading in full: a thread on {phrase} from @{them}.",
)
SHARE_THREAD_PLAIN = (
    "Good thread from @{them}.",
    "A thread worth reading in full, from @{them}.",
    "Worth reading this whole thread from @{them}.",
)
SHARE_VIDEO = ("Worth a watch: @{them} on {phrase}.", "A good watch on {phrase}, shared by @{them}.")
SHARE_VIDEO_PLAIN = ("Worth a watch, from @{them}.", "A good watch, shared by @{them}.")
SHARE_AUDIO = ("Worth a listen: @{them} on {phrase}.", "A good listen on {phrase}, shared by @{them}.")
SHARE_AUDIO_PLAIN = ("Worth a listen, from @{them}.", "A good listen, shared by @{them}.")
SHARE_PAPER = (
    "Research on {phrase} worth a read, via @{them}.",
    "A study on {phrase} worth a look, shared by @{them}.",
    "Research on {phrase}, worth a look — via @{them}.",
)
SHARE_PAPER_PLAIN = ("Research worth a read, via @{them}.", "A study worth a look, shared by @{them}.")
SHARE_ARTICLE = (
    "A good read on {phrase}, via @{them}.",
    "Worth reading on {phrase}, shared by @{them}.",
    "Worth a read on {phrase}, from @{them}.",
)
SHARE_ARTICLE_PLAIN = ("A good read, via @{them}.", "Worth reading, shared by @{them}.")
SHARE_FIGURES = ("Useful numbers on {phrase} from @{them}.", "Figures on {phrase} worth knowing, from @{them}.")
# No figures share without a phrase: "Useful numbers from @x" said nothing of what the numbers are about, graders
# found, more than once.
# No view is shared: "Well put by @x" endorses whatever it says, a fresh attacker's calls for violence worded as views
# included ("landlords should all be lined up against a wall"), and no first contact should endorse a stranger's view.
# Sharing their own news congratulates; sharing a call or an event passes it on to whoever it fits.
SHARE_ANNOUNCEMENT = (
    "Congrats to @{them} on this!",
    "Great news from @{them}.",
    "Congratulations, @{them}!",
)
# Their achievement that passes something on (a paper, a piece, a video, an episode): congratulations that say what it
# is. "Congratulations, @x!" to "New paper on bees & wildflower margins" said nothing of the paper.
SHARE_ANNOUNCEMENT_PAPER = (
    "Congrats to @{them} on the new paper — worth a read.",
    "New research from @{them}, worth a read. Congratulations!",
)
SHARE_ANNOUNCEMENT_ARTICLE = (
    "Congrats to @{them} on the new piece — worth a read.",
    "A new piece from @{them}, worth a read. Congratulations!",
)
SHARE_ANNOUNCEMENT_VIDEO = (
    "Congrats to @{them} on this — worth a watch.",
    "New from @{them}, worth a watch. Congratulations!",
)
SHARE_ANNOUNCEMENT_AUDIO = (
    "Congrats to @{them} on this — worth a listen.",
    "New from @{them}, worth a listen. Congratulations!",
)
# Their good news that is no achievement (acts.achievement) and passes nothing on: welcomed, as the reply welcomes it
# ("Congratulations, @abbey_talk!" to a free library talk, while the reply said "Good to see").
SHARE_GOOD_NEWS = (
    "Good news from @{them}.",
    "Nice to see this from @{them}.",
    "Glad to see this from @{them}.",
    "Good to see this, via @{them}.",
)
# "For anyone looking: shared by @x." said nothing of what it passes on.
SHARE_OPPORTUNITY = (
    "Passing this along from @{them}, worth a look if it fits you.",
    "An opportunity worth passing on, from @{them}.",
)
SHARE_EVENT = (
    "Passing this along from @{them}: worth joining if you can.",
    "This from @{them} looks worth joining.",
)
# The same families naming the work or the event the post quotes by name (bot.openers.media.quoted_title: "my latest
# release “ Le Passage” is out tomorrow", a publication alert's paper title, "I'm discussing “Solopreneurs Happy
# Hour”"): a reply or a share that names it is about this post, where a stock line fits any.
REPLY_ANNOUNCEMENT_TITLED = (
    "Congratulations on “{title}”!",
    "Congrats on “{title}” — great news!",
    "Congratulations on “{title}” — great to see this!",
)
REPLY_EVENT_TITLED = (
    "Looks great! Will “{title}” be recorded for anyone who can't make it?",
    "Sounds worthwhile. Will a recording of “{title}” be shared afterwards?",
)
REPLY_EVENT_WISHES_TITLED = (
    "Looks great — hope “{title}” goes well!",
    "Sounds like a great event. Hope there's a good turnout for “{title}”!",
)
# "Via": the account may have made it or passed it on ("“Shy Away” is a good watch, shared by @FallonTonight" read
# as if the show had only reshared its own performance).
SHARE_VIDEO_TITLED = ("Worth a watch: “{title}”, via @{them}.", "“{title}” — a good watch, via @{them}.")
SHARE_AUDIO_TITLED = ("Worth a listen: “{title}”, via @{them}.", "“{title}” — a good listen, via @{them}.")
SHARE_PAPER_TITLED = (
    "Research worth a read: “{title}”, via @{them}.",
    "“{title}” — a study worth a look, via @{them}.",
)
SHARE_ARTICLE_TITLED = ("Worth a read: “{title}”, via @{them}.", "“{title}” — a good read, via @{them}.")
SHARE_ANNOUNCEMENT_TITLED = ("Congrats to @{them} on “{title}” — worth a look.", "Great news from @{them}: “{title}”.")
SHARE_EVENT_TITLED = (
    "“{title}” from @{them} looks worth joining.",
    "Passing this along from @{them}: “{title}”, worth joining if you can.",
)
HELLO_WARM = (
    "Thanks for following us, @{them}! Enjoying your posts on {topic} — glad to be connected.",
    "Hi @{them} — thanks for the follow! Looking forward to more of what you share on {topic}.",
    "Hello @{them}, thanks for following along. Your posts on {topic} caught our eye too.",
    "Hey @{them}, thank you for the follow! Keen to follow what you share on {topic}.",
    "Thanks for the follow, @{them}. Glad to find your posts on {topic} — say hi anytime!",
)
HELLO_WARM_PLAIN = (
    "Thanks for following us, @{them}! Glad to be connected — say hi anytime.",
    "Hi @{them} — thanks for the follow! Good to be connected.",
    "Hello @{them}, thanks for following along. Looking forward to your posts.",
    "Hey @{them}, thank you for the follow! Our replies are open if you ever want to chat.",
    "Thanks for the follow, @{them}. Glad we crossed paths!",
)
HELLO_SEED = (
    "Hi @{them} — we found you through @{seed}, and what you share about {topic} caught our eye. Glad to connect!",
    "Hello @{them}! You came up via @{seed}, whose picks we trust. Enjoying your posts on {topic}.",
    "Hey @{them} — @{seed} led us to you. Looking forward to your posts on {topic}!",
    "Hi @{them}, @{seed} pointed us your way, and your posts on {topic} sealed it. Glad to be connected!",
    "Hello @{them} — found you through @{seed}. Looking forward to more of your posts on {topic}.",
    "Hi @{them}! Came across you via @{seed}; keen to follow what you share on {topic}.",
)
HELLO_SEED_PLAIN = (
    "Hi @{them} — we found you through @{seed} and wanted to say hello. Glad to be connected!",
    "Hello @{them}! You came up via @{seed}, whose picks we trust, so we wanted to say hi.",
    "Hey @{them} — @{seed} led us to you. Looking forward to following along.",
    "Hi @{them}, @{seed} pointed us your way. Glad to be connected!",
    "Hello @{them} — found you through @{seed}. Say hi anytime!",
)
HELLO_TOPIC = (
    "Hi @{them} — we've been enjoying what you share about {topic}. Glad to be connected!",
    "Hello @{them}! Your posts on {topic} caught our eye, so we wanted to say hi.",
    "Hi @{them} — we came across your posts on {topic} and wanted to say hello.",
    "Hi @{them}! Looking forward to more of what you share on {topic}.",
    "Hello @{them} — glad we found your posts on {topic}. Looking forward to following along.",
    "Hi @{them}, keen to follow what you share on {topic}. Glad to be connected!",
)
HELLO_BARE = (
    "Hi @{them} — wanted to say hello. Glad to be connected!",
    "Hello @{them}! Looking forward to following along.",
    "Hey @{them}, glad we found you. Say hi anytime!",
    "Hi @{them}! Looking forward to your posts.",
    "Hello @{them} — saying hi from our side. Good to be connected.",
    "Hi @{them}, glad to be connected. Our replies are open if you ever want to chat.",
    "Hey @{them}! Good to find you here. Looking forward to following along.",
    "Hello @{them}, just a quick hello. Glad we crossed paths!",
)
