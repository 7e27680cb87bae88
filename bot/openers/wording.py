"""The template texts, by what they fit: a question, a statement, a share, a hello (warm lead, through a seed, on a
topic, or bare), each with and without a phrase of theirs.

Every template asks or offers, never claims: nothing in a draft asserts a fact Circlebot doesn't know (we know a
seed follows them; we don't know the seed "speaks highly" of them). {phrase}/{topic} is a whole noun phrase of
theirs or the team's topic, {them}/{seed} are cleaned handles. No draft starts with "@": X would show it only to
people who follow both accounts, which defeats a hello or a share. A reply to a question engages with the question
("which way are you leaning?"); only a statement gets "interesting take". Each family holds enough variants that a
day's digest need not repeat one (see :class:`bot.openers.templates.TemplateUse`).
"""

from __future__ import annotations

REPLY_QUESTION = (
    "Good question on {phrase}. Curious what got you thinking about it — are you leaning one way yet?",
    "Following this one on {phrase}. What's your own hunch so far?",
    "Curious where this lands on {phrase}. What have you tried or read so far?",
    "Keen to see the answers on {phrase}. Which way are you leaning?",
    "Good one to ask about {phrase}. What would change your mind either way?",
    "On {phrase}: what's the option you keep coming back to?",
    "Watching this thread on {phrase}. Is it for something you're working on now?",
    "Fair question on {phrase}. What answer would surprise you most?",
)
REPLY_QUESTION_PLAIN = (
    "Good question. Curious what got you thinking about it — are you leaning one way yet?",
    "Following this one. What's your own hunch so far?",
    "Curious where this lands. What have you tried or read so far?",
    "Keen to see the answers here. Which way are you leaning?",
    "Good one to ask. What would change your mind either way?",
    "Watching this thread. Is it for something you're working on now?",
    "Fair question. What answer would surprise you most?",
)
# A request for help or a recommendation gets an offer or a question about the details, never an opinion prompt.
REPLY_HELP = (
    "Happy to help think through {phrase}. What have you tried so far, and what isn't working?",
    "On {phrase}: what's the setup you're working with? Might be able to point you somewhere useful.",
    "Keen to help with {phrase}. What would a good answer look like for you?",
    "For {phrase}, a lot depends on the details. What's it for, and what's the main constraint?",
    "Following for the answers on {phrase}. What have you ruled out already?",
    "Could help to know more on {phrase}: what's the context, and is there a deadline?",
    "Good ask on {phrase}. What have you looked at so far, so nobody repeats it?",
)
REPLY_HELP_PLAIN = (
    "Happy to help think this through. What have you tried so far, and what isn't working?",
    "What's the setup you're working with? Might be able to point you somewhere useful.",
    "Keen to help. What would a good answer look like for you?",
    "A lot depends on the details here. What's it for, and what's the main constraint?",
    "Following for the answers. What have you ruled out already?",
    "Could help to know a bit more: what's the context, and is there a deadline?",
    "Good ask. What have you looked at so far, so nobody repeats it?",
)
REPLY_STATEMENT = (
    "Really interesting take on {phrase}. What led you to it?",
    "Thanks for writing this up on {phrase}. What's the part people most often miss?",
    "Appreciate you sharing this about {phrase}. What would you add with more room?",
    "This on {phrase} got us thinking. How did you arrive at it?",
    "Good point on {phrase}. What got you into it in the first place?",
    "Thanks for this on {phrase}. What are you looking into next?",
    "Glad you posted this about {phrase}. What surprised you most along the way?",
    "Nice one on {phrase}. Where do you see it going next?",
)
# Without a phrase the reply can't show what it read, so it stays a friendly, open question that fits most posts.
REPLY_STATEMENT_PLAIN = (
    "Thanks for sharing this. What's the story behind it?",
    "Glad you posted this. How did it come about?",
    "Nice one. Is there more to it you'd add?",
    "Appreciate you putting this out there. What got you started on it?",
    "Good to see this. What's next for you here?",
    "Thanks for posting this. What would you tell someone just starting out with it?",
    "Love seeing this. How long has it been in the making?",
)
SHARE = (
    "Worth a read from @{them} on {phrase}.",
    "From @{them} on {phrase} — worth your time.",
    "A clear take on {phrase} from @{them}.",
    "Sharing this from @{them} on {phrase}.",
    "Good thinking on {phrase} here from @{them}.",
    "If {phrase} is on your mind, this from @{them} is worth a look.",
)
SHARE_PLAIN = (
    "Worth a read from @{them}.",
    "Sharing this from @{them} — worth your time.",
    "A good one from @{them}.",
    "This from @{them} is worth a look.",
    "Passing this along from @{them}.",
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
    "Hey @{them} — @{seed} led us to you. Your posts on {topic} are right up our street; say hi anytime.",
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
    "Hey @{them} — your posts on {topic} are right up our street. Say hi anytime!",
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
