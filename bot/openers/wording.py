"""The template texts, by what they fit: a question, a statement, a share, a hello (warm lead, through a seed, on a
topic, or bare), each with and without a phrase of theirs.

Every template asks or offers, never claims: nothing in a draft asserts a fact Circlebot doesn't know (we know a
seed follows them; we don't know the seed "speaks highly" of them). {phrase}/{topic} is a whole noun phrase of
theirs or the team's topic, {them}/{seed} are cleaned handles. No draft starts with "@": X would show it only to
people who follow both accounts, which defeats a hello or a share. A reply to a question engages with the question
("what's your own answer so far?"); what answers a post that asks nothing depends on what it does
(:mod:`bot.openers.acts`): an announcement gets congratulations, an event interest, a job or a call thanks, a link
a question about it, a view a response (only a view gets "interesting take"), and a report no reply at all. Each
family holds enough variants that a day's digest need not repeat one (see :class:`bot.openers.templates.TemplateUse`).
"""

from __future__ import annotations

# A question may ask for opinions or ask the audience about themselves ("What's making you happy today?"): the
# reply shows interest and asks for their own answer, which fits both, and never guesses at a choice between options.
REPLY_QUESTION = (
    "Good question on {phrase}. What's your own answer so far?",
    "Following this one on {phrase}. Curious what people say — where do you land yourself?",
    "Good one to ask about {phrase}. What's your own take?",
    "Fair question on {phrase}. Where do you land on it yourself?",
    "Great question on {phrase} — what's yours, to get things started?",
    "Curious to see the answers on {phrase}. What's your own?",
)
# Each asks for their own answer: "What prompted the question?" read as questioning their motive, and "Has anything
# surprised you in the answers so far?" was sent to posts an hour old.
REPLY_QUESTION_PLAIN = (
    "Good question. What's your own answer so far?",
    "Following this one. Curious what people say — where do you land yourself?",
    "Good one to ask. What's your own take?",
    "Fair question. Where do you land on it yourself?",
    "Great question — what's yours, to get things started?",
    "Curious to see the answers on this one. What's your own?",
)
# A request for help or a recommendation gets an offer or a question about the details, never an opinion prompt.
# Each fits a problem ("how do I …") and a request for a recommendation ("any books on …?") alike: "What have you
# tried so far, and what isn't working?" answered someone asking for books.
REPLY_HELP = (
    "Keen to help with {phrase}. What would a good answer look like for you?",
    "For {phrase}, a lot depends on the details. What's it for, and what's the main constraint?",
    "Following for the answers on {phrase}. What have you ruled out already?",
    "Could help to know more on {phrase}: what's the context, and is there a deadline?",
    "Good ask on {phrase}. What have you looked at so far, so nobody repeats it?",
)
REPLY_HELP_PLAIN = (
    "Keen to help. What would a good answer look like for you?",
    "A lot depends on the details here. What's it for, and what's the main constraint?",
    "Following for the answers. What have you ruled out already?",
    "Could help to know a bit more: what's the context, and is there a deadline?",
    "Good ask. What have you looked at so far, so nobody repeats it?",
)
# An opinion gets a response to it. Only a view gets one: "Thanks for sharing this. What's the story behind it?"
# fitted almost nothing when every statement was answered (reports, news, a joke); see bot.openers.acts.
REPLY_STATEMENT = (
    "Really interesting take on {phrase}. What led you to it?",
    "Good point on {phrase}. What got you thinking about it?",
    "This on {phrase} got us thinking. How did you arrive at it?",
    "Well put on {phrase}. Is there a longer version of this somewhere?",
    "Thanks for this on {phrase}. Do you think it holds more widely?",
    "Glad you posted this about {phrase}. What would you add with more room?",
    "Interesting point on {phrase}. Has your view on it changed over time?",
)
# A view whose subject we can't name for sure (its noun phrases are passing mentions, see
# bot.openers.phrases.post_is_on): a response to the view itself, which fits whatever it is about.
REPLY_STATEMENT_PLAIN = (
    "Well put. What got you thinking about this?",
    "Interesting perspective. What led you to it?",
    "This got us thinking. How did you arrive at it?",
    "Good point. Do you think it holds more widely?",
    "Thanks for putting this into words. Has your view on it changed over time?",
    "Fair point, and well made. What would you add with more room?",
)
# Their own news or work (a paper, a release, a show, a defended thesis, an award, a new role or collaboration):
# congratulations and interest in it. No phrase: the post's noun phrases are often not the news itself ("Congrats on
# Penn State University!" to an episode with its dean), and congratulations need none. Every question fits a start
# as well as a finish: "What was the hardest part to get right?", "How long has it been in the works?" and "What
# surprised you most along the way?" misread a new role ("Happy to announce I'm working with the good folks at
# @resy …", "I'll be joining … faculty in 2022!") or an award.
REPLY_ANNOUNCEMENT = (
    "Congrats, this is great news! What are you most excited about with it?",
    "Congratulations — looking forward to seeing more of it.",
    "Great news! How did it all come about?",
    "Nice work! What's next after this?",
    "Congrats on this! What are you hoping comes of it?",
    "Well done! What's the story behind it?",
)
# An event they run or invite to (a panel, a webinar, a workshop).
# Each fits whoever posts it, the organiser or a speaker ("Thanks for putting this on!" thanked a panellist).
REPLY_EVENT = (
    "This looks great. Will it be recorded for anyone who can't make it?",
    "Looks like a good session. Will the slides or notes be shared afterwards?",
    "Good to see this. What are you hoping people take away from it?",
    "Sounds worthwhile. Is there a way to follow along if we can't be there?",
)
# A job, a fellowship, a call: thanks, and a question a would-be applicant would ask. No phrase either: the post's
# noun phrases name the role, the funder or the place, and "Thanks for flagging Queer writer" misreads them.
# Questions that fit whether the post is theirs or passed on, and a role, a call for writers or a casting call alike
# ("What kind of person would be a great fit?" asked someone passing on another's job; "Any tips for putting an
# application together?" answered "inbox me").
REPLY_OPPORTUNITY = (
    "Thanks for sharing this. Anything you'd tell people thinking of going for it?",
    "Appreciate you posting this. Is it open to people from outside the field too?",
    "Thanks for posting this, good to see it going round. Who's the best person to ask about it?",
)
# A link to something else (an article, an interview, a video): what they made of it.
# {this} names what the link is when the post says ("this thread", "this episode", bot.openers.media), else "this".
REPLY_POINTER = (
    "Thanks for sharing {this} on {phrase}. What stood out to you in it?",
    "Thanks for posting {this} on {phrase}. Which part would you point people to first?",
    "Interesting one on {phrase}. Does it match what you've seen?",
    "Thanks for {this} on {phrase}. What's the main takeaway for you?",
)
# Neither "good find" nor "thanks for flagging" nor "anything you'd push back on?": the link is often their own work
# (a column, a paper, a video, an agency's guidance).
REPLY_POINTER_PLAIN = (
    "Thanks for sharing {this}. What stood out to you in it?",
    "Thanks for posting {this}. Which part would you point people to first?",
    "Interesting one. Does it match what you've seen?",
    "Thanks for {this}. What's the main takeaway for you?",
    "Thanks for putting {this} out there. What's the one thing you'd want people to take from it?",
    "Glad you shared {this}. Who do you think most needs to see it?",
)
# A share says what the post passes on (bot.openers.media), with or without a phrase of theirs.
SHARE_THREAD = ("Good thread from @{them} on {phrase}.", "A thread on {phrase} worth reading in full, from @{them}.")
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
)
SHARE_PAPER_PLAIN = ("Research worth a read, via @{them}.", "A study worth a look, shared by @{them}.")
SHARE_ARTICLE = ("A good read on {phrase}, via @{them}.", "Worth reading on {phrase}, shared by @{them}.")
SHARE_ARTICLE_PLAIN = ("A good read, via @{them}.", "Worth reading, shared by @{them}.")
SHARE_FIGURES = ("Useful numbers on {phrase} from @{them}.", "Figures on {phrase} worth knowing, from @{them}.")
SHARE_FIGURES_PLAIN = ("Useful numbers from @{them}.", "Figures worth knowing, from @{them}.")
# A view shared: sharing is agreeing, and the comment says so about how it is put, not what it claims.
SHARE_VIEW = ("Well put by @{them} on {phrase}.", "A point on {phrase} worth reading, from @{them}.")
SHARE_VIEW_PLAIN = ("Well put by @{them}.", "A point worth reading, from @{them}.", "Well said by @{them}.")
# Sharing their own news congratulates; sharing a call or an event passes it on to whoever it fits.
SHARE_ANNOUNCEMENT = (
    "Congrats to @{them} — worth a look.",
    "Great news from @{them}.",
    "Congratulations, @{them}!",
)
SHARE_OPPORTUNITY = (
    "Passing this along from @{them}, worth a look if it fits you.",
    "For anyone looking: shared by @{them}.",
)
SHARE_EVENT = (
    "Passing this along from @{them}: worth joining if you can.",
    "This from @{them} looks worth joining.",
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
