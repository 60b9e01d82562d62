import {
  CREDENTIALS_CHANGED_BY_OTHER,
  DEVICE_BEFORE,
  DRAINED,
  EXTERNAL_ACCOUNT_COMPROMISED,
  LOST_2FA,
  SECRET_GIVEN_AWAY,
  TAKEOVER,
  UNAUTHORIZED,
} from './category-rules.ts';

/**
 * What makes a ticket jump the queue. The order of harm decides the level:
 * - urgent: value is leaving or can leave without the customer (funds moved without consent, the account taken
 *   over, the seed phrase or private key handed to someone); every minute counts, and the answer starts with a
 *   freeze.
 * - high: the customer's money or access is blocked (funds not arrived or stuck, sent to a wrong network,
 *   locked out, 2FA lost, account restricted) or a takeover may be starting (a login they don't recognise).
 * - low is decided elsewhere: a question with no problem in it, feedback, marketing.
 * Everything else is normal.
 *
 * `compromise` rules also settle the category: a mail saying the account was taken over is a security ticket
 * whatever else it mentions (the withdrawal, the fee, the frozen balance).
 */
export type PriorityRule = {
  id: string;
  level: 'urgent' | 'high';
  re: RegExp;
  claim?: boolean;
  compromise?: boolean;
  unless?: RegExp;
  /** Must also appear in the message (or the match's sentence and the one before); else the rule gives `otherwise`. */
  needs?: RegExp;
  needsIn?: 'sentence' | 'message';
  otherwise?: 'high';
};

// "That wasn't me" about a login is a login to look into; about a withdrawal it is money leaving.
const FUNDS_MOVED =
  /withdr[ae]w|withdrawal|withdrawn|transfer|\bsent\b|\bsend\b|transaction|payment|\bmoved\b|\bfunds\b|\bcoins?\b|usdt|\beth\b|\bbtc\b|balance|提币|提现|转账|转出|转走|交易|资产|余额|币|(?<![a-z])u(?![a-z])/i;

export const PRIORITY_RULES: PriorityRule[] = [
  { id: 'takeover', level: 'urgent', re: TAKEOVER, claim: true, compromise: true, unless: DEVICE_BEFORE },
  { id: 'unauthorized', level: 'urgent', re: UNAUTHORIZED, compromise: true, needs: FUNDS_MOVED, needsIn: 'sentence', otherwise: 'high' },
  { id: 'sim_swap', level: 'urgent', re: /\bsim[- ]?swap\w*|\bported my (?:phone )?number|补办了?(?:我的)?(?:手机)?卡/gi, compromise: true },
  { id: 'drained', level: 'urgent', re: DRAINED, claim: true, compromise: true },
  { id: 'credentials_changed', level: 'urgent', re: CREDENTIALS_CHANGED_BY_OTHER, compromise: true },
  { id: 'secret_leaked', level: 'urgent', re: SECRET_GIVEN_AWAY, compromise: true },
  {
    id: 'suspicious_login',
    level: 'high',
    claim: true,
    re: /\bsuspicious (?:login|log-in|sign-in|activity|access)|\bnew device (?:signed|logged|login|sign-in|log-in)|(?:login|sign-in|signed in|logged in) (?:from|on|with) (?:a )?new device|新设备(?:登录|登陆)|(?:登录|登陆)记录[^。]{0,15}不是我|\b(?:logins?|sign-ins?) (?:that )?(?:weren't|wasn't|were not|was not|isn't|aren't) (?:me|mine)\b|\bunusual (?:login|sign-in|activity|access)|\b(?:login|sign-in|signed in|logged in|log in) from (?:an? )?(?:unknown|new|different|strange|unfamiliar|another|foreign)|\b(?:unknown|unrecogni[sz]ed|strange|unfamiliar) (?:device|ip|location|login)|\bdo(?:n't| not) recogni[sz]e|\bdid(?:n't| not) recogni[sz]e|\bdid(?:n't| not) request (?:a |any |the |this )?(?:password reset|reset|code)|\b(?:someone|somebody) (?:else )?(?:has |had )?(?:logged|logs|signed|got|is logged|was logged) in(?:to)? my (?:account|wallet)|\bsomeone (?:is |was )?(?:trying|tried|attempting) to (?:log ?in|get into|access|hack|sign in)|(?:被|让|给)(?:人|别人|他人|陌生人)(?:给)?(?:登录|登陆|登入)|有人在?(?:试|尝试)(?:登录|我的(?:账号|账户|密码))|试我的(?:账号|账户|帐号|密码)|异地登录|异地登陆|异常登录|异常登陆|陌生(?:的)?(?:设备|ip|IP|地点|登录)|可疑(?:登录|活动|操作)|不是我(?:本人)?(?:申请|请求)的|(?:重置密码|验证码|登录验证)[^。]{0,20}(?:我|本人)?(?:并|根本|从来)?(?:没有?|未)(?:申请|请求|操作)/gi,
  },
  { id: 'external_account', level: 'high', re: EXTERNAL_ACCOUNT_COMPROMISED },
  {
    id: 'credentials_phished',
    level: 'high',
    re: /\b(?:entered|typed|gave|put|logged in with)\s+(?:\w+\s+){0,3}(?:password|login|credentials|2fa code|verification code)\s+(?:\w+\s+){0,3}(?:fake|phishing|scam|that (?:site|link|page))|(?:在|到)?(?:假|钓鱼|诈骗)[^,。]{0,8}(?:输入|填写|填了|登录)|(?:点|打开)了[^。]{0,12}链接[^。]{0,6}(?:输入|填写|填了)(?:了)?[^。]{0,6}(?:密码|账号)|(?<![要让叫请])我(?:已经)?(?:把|将)(?:密码|验证码|谷歌验证码)(?:告诉|给了|发给|填)/gi,
  },
  {
    id: 'locked_out',
    level: 'high',
    claim: true,
    re: /\bcan(?:'t|not|t)\s+(?:\w+\s+)?(?:log ?in|login|sign ?in|acc?ess? (?:my |the )?acc?oun?t|get into|get in)\b|\bunable to (?:log ?in|login|sign ?in|acc?ess? (?:my |the )?acc?oun?t)|\blocked out\b|\block(?:ed)? me out\b|\baccount (?:is |was |has been |got )?(?:temporarily |permanently )?locked\b|\b(?:login|sign-in|log in) (?:failed|fails|not working|doesn't work|error)|\btoo many (?:attempts|tries|wrong|failed)|(?:登录|登陆|登入)(?:不了|不上|不进去?|失败)|输错(?:了)?(?:几|多|好几|\d{1,6})次|(?:无法|不能|没法|没办法)(?:正常)?(?:登录|登陆|登入|进入(?:我的)?(?:账户|账号|帐户|帐号))|登不上|登不进|进不去|(?:账户|账号|帐户|帐号)(?:已|被)?(?:暂时|临时)?(?:被)?锁(?:定|住)/gi,
  },
  {
    id: 'lost_2fa',
    level: 'high',
    re: LOST_2FA,
  },
  {
    id: 'funds_not_arrived',
    level: 'high',
    re: /\b(?:not|n't|never|yet to)\s+(?:\w+\s+)?(?:arrived?|credited|received|reflected|show(?:n|ing|ed)? up|landed|come through)\b(?![^.\n]{0,15}\b(?:code|sms|otp|e-?mail|link|reply|response|answer)\b)|\bhasn't (?:arrived|come)|\bnot in my (?:wallet|account|balance)|\bmissing (?:deposit|withdrawal|funds|transfer|coins|transaction)|\b(?:deposit|withdrawal|transfer|funds|coins|payment)\s+(?:\w+\s+){0,2}(?:missing|lost|never arrived)|\bnot arr?ived?\b|\bwhere (?:is|are) my (?:money|funds|deposit|withdrawal|coins|usdt|eth|btc|crypto|transfer)|\b(?:shows|showing) nothing\b|\bnothing (?:has )?(?:arrived|came|in my (?:wallet|account|bank|balance))|\bbalance (?:still )?(?:shows|is) (?:the )?(?:same|old)|\bstill (?:shows?|showing) (?:zero|0|nothing|the (?:old|same))|\bnot showing\b|\bnot back\b|\b(?:still )?(?:don't|do not|didn't|haven't) (?:have|got|get|see) (?:it|them|the (?:funds|money|coins|deposit))\b|还是(?:0|零)|还没回到|没(?:有)?退回|未退回|没回来|(?:没|未|不|还没|还未|没有)(?:有)?(?:到账|到帐|入账)|(?:没|未|还没|还未)(?:有)?到(?![期时点底])|迟迟|还没到|一直没(?:到|显示)|(?:还是|一直|仍然|依然)没(?:有)?(?:显示|到|收到)|余额(?:还是)?(?:原来)|什么都没有|(?:我的)?(?:钱|币|U|u)呢/gi,
    needs: /deposit|withdr|transfer|sent|send|cash(?:ed)? out|payment|arrived|completed|money|funds|coins?|usdt|usdc|eth|btc|充值|冲值|充币|提币|提现|体现|转账|转了|转入|到账|到帐|钱|币|(?<![a-z])u(?![a-z])/i,
  },
  {
    id: 'funds_stuck',
    level: 'high',
    re: /\bstuck\b|\bstill pending\b|\bunconfirmed\b|\b(?:0|zero|no) confirmations\b|\bspeed (?:it |this )?up\b|\b(?:rbf|cpfp)\b|\b(?:pending|processing)\b["'”]?\s+(?:since|for|over|more)\b|\bbeen pending\b|(?:还|仍|依然)(?:在|显示|是)?处理中|处理了(?:\d{1,6}|[一二两三四五六七八九十几]{1,12})(?:天|个小时|小时)|卡住|卡在|一直(?:在|显示|是)?(?:处理中|确认中|pending|待确认|转圈|未确认)/gi,
    needs: /deposit|withdr|transfer|transaction|\btx|swap|payment|sent|send|提币|提现|体现|充值|冲值|充币|转账|交易|闪兑|兑换/i,
  },
  {
    id: 'wrong_destination',
    level: 'high',
    re: /\bwrong (?:network|chain|address|coin|token|memo|tag|blockchain)|\bincorrect (?:network|chain|address|memo|tag)|\b(?:forgot|without|missing|no) (?:the |a )?(?:memo|destination tag)\b|\b(?:btc|eth|usdt|usdc|trx|sol|bnb|xrp|ltc)\b[^.\n]{0,30}\b(?:to|into) (?:an? |my |the )?(?:btc|eth|usdt|usdc|trx|sol|bnb|xrp|ltc|erc-?20|trc-?20|bep-?20) (?:address|withdrawal field)|\bpasted (?:the |my |an? )?(?:wrong|old|\w+) address\b|\bwent to (?:my |an? |the )?(?:old|wrong|different|previous|another)\b|(?:粘贴|复制)(?:错|成)(?:了)?|(?:btc|eth|usdt|BTC|ETH|USDT)[^,。]{0,10}(?:提|转|充)到了?(?:我的)?(?:btc|eth|usdt|BTC|ETH|USDT|ERC20|TRC20|BEP20)地址|(?:转|充|提)错(?:了)?|(?:打|发)错(?:了)?(?:网络|地址|链)|错误的?(?:网络|地址|链|主网)|(?:网络|地址|链|memo|备注|标签)(?:选|填|写)错(?:了)?|(?:选|填)错(?:了)?(?:网络|链|主网|地址)|没填(?:memo|备注|标签)|忘(?:记|了)填?(?:写)?(?:memo|备注|标签)/gi,
  },
  {
    id: 'restricted',
    level: 'high',
    claim: true,
    re: /\brestricted\b|\brestrictions? (?:on|placed)\b|\bfrozen\b|\bsuspended\b|\bbanned\b|\blocked by\b|\block(?:ed)? (?:for|due to|because of) (?:security|risk|compliance|suspicious|review)|\bon hold\b|\b(?:withdrawals?|trading|transfers?|account) (?:is |are |has been |have been |was |got )?(?:disabled|blocked|suspended|limited|restricted|frozen|locked)|\bcan(?:'t|not|t)\s+(?:\w+\s+)?(?:withdraw|trade|transfer)\b|被冻结|冻结了|账户冻结|账号冻结|已冻结|冻结审核|被暂停|被禁用|(?:功能|账户|账号)(?:已)?(?:被)?(?:暂停|停用|禁用)|被限制|受限|封号|被封|封禁|封了|风控|禁止(?:提币|提现|交易|登录|转账)|暂停(?:提币|提现|交易)|被锁|(?:无法|不能|不可以)(?:提币|提现|交易|转账)|提不了|提不出|转不出/gi,
  },
];

/** A question rather than a report: asked about how things work, with nothing broken. */
export const QUESTION =
  /(?:^|[.!?。!?])\s{0,6}(?:(?:hi|hello|hey|dear \w{1,40}|ok|okay|also|and|so|just)[,!\s]{1,6})?(?:how|what|which|where|when|is|are|can|could|do|does|will|would|should|may)\b[^?.!\n]{0,500}\?|\bhow (?:do|can|to|long|much|many|does|would|should)\b|\bwhat (?:is|are|does|do)\b|\bis (?:it|there) (?:possible|a way|any)\b|\bwondering\b|\bquestions?\b|\binquiry\b|\benquiry\b|\bi(?:'d| would) like to know\b|\bi want to know\b|\bcould you (?:tell|explain|clarify)|\bdo you (?:support|have|offer|charge)\b|请问|如何|怎么(?:样)?(?:设置|开启|打开|关闭|操作|弄|办理|修改|更改|绑定|查看|使用|才能|申请|计算|算|收)|怎样|是多少|多少|吗\s*[??]?|能否|可否|是否|有没有|哪里|在哪|咨询|想了解|想知道|了解一下|什么时候|多久|几天/im;

/** Something is broken or wrong for the customer: the ticket is work to do, not a question to answer. */
export const PROBLEM =
  /\bcan(?:'t|not|t)\b(?! (?:find|see where|see how|figure))|\bunable\b|\bfail\w*|\berrors?\b|\bnot (?:working|work|arriv\w*|receiv\w*|show\w*|credited|loading)|\bdoesn't\b|\bdidn't\b|\bwon't\b|\bhaven't\b|\bhasn't\b|\bstuck\b|\bstill\b(?! (?:works?|working|have|has|valid|active|fine|ok|okay|there|intact))|\bwrong\b|\btwice\b|\bduplicat\w*|\bconfus\w*|\bdiscrepan\w*|\bmistake\b|\baccident\w*|\btypo\b|\blost\b|\bmissing\b|\bexpired\b|\brejected\b|\bdenied\b|\bcrash\w*|\bbug\b|\bglitch\w*|\bcharged (?:me|twice|again|more|too)\b|\bdeducted\b|\bplease (?:change|update|fix|refund|check|correct|remove|unbind|reset|delete|close)\b|\brefund\b|\bcomplain\w*|\bovercharg\w*|\bno longer\b|(?<!do (?:i|we) )\bneed to (?:change|update|correct|replace)\b|\b(?:raise|increase|lift) (?:my |the )?(?:\w+ )?limits?\b|\b(?:too|so|that) (?:high|much|big|slow|expensive|many)\b|\bdon't (?:appear|show|work)|\bnever (?:showed|arrived|came)|\bsuddenly\b|\bpassed away\b|\bdeceased\b|\bdied\b|\bheirs?\b|\bcan you (?:please )?(?:change|update|correct|fix|unlock|remove|reset|close|delete)\b|\bless than (?:quoted|expected|shown|promised|the quote)|\bstopped (?:working|updating|loading|syncing)|\bnot (?:updating|syncing|loading)\b|\burgent\w*|\basap\b|\bemergency\b|\bdisappointed\b|\bunacceptable\b|\bridiculous\b|\bscam\b|不能|无法|不了|失败|错误|报错|丢|没收到|收不到|没到|未到|停用|(?:号码?|手机|邮箱|卡)(?:已经)?不用了|一直|卡住|卡在|到现在|至今|仍然|依然|还显示|还是显示|怎么回事|怎么办|重复|多扣|扣了|退还|退款|投诉|急|不对|有误|写错|填错|输错|打错|弄错|搞错|选错|被拒|未通过|不通过|过期|闪退|崩溃|打不开|不见|消失|异常|坑|离谱|太(?:大|高|多|贵|慢|低)|这么(?:高|多|贵|慢|大)|不显示|没显示|看不到|没发|未发放|突然|去世|过世|继承|不更新|不同步|不刷新|没反应|不合理|合理吗|提高额度|提升额度|提高.{0,6}额度|(?:请|麻烦)(?:帮我)?(?:处理|修改|更改|更换|解绑|重置|核实|查一下|查看一下|注销|改成|改为|改一下)|需要(?:修改|更改|更换|解绑)/i;

/** Sentences that only imagine a problem ("万一被盗怎么办", "what if I lose my phone") report none. */
export const CONDITIONAL_SENTENCE = /\b(?:if|in case|what if|hypothetically|suppose|supposing)\b|如果|万一|假如|假设|要是|倘若/i;

export const CUSTOMER_SAYS_URGENT = /\burgent\w*|\basap\b|\bemergency\b|\bimmediately\b|紧急|急急|十万火急|着急|火速|赶紧|加急|急!|急!/i;
