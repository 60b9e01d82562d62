import { mail, type LabelledMail } from './labelled-mail.ts';

/**
 * The second batch: written after the first round of tuning, labelled by the same policy (corpus.ts) and
 * measured once before the rules saw them (category 88.9%, priority 76.5%); the second round of tuning used them.
 */
export const secondBatchMails: LabelledMail[] = [
  // English
  mail('security', 'urgent', 'Someone emptied my wallet', `Around 11pm yesterday 4,000 USDT and 1.1 ETH were moved out of my account in three transfers. I was asleep. I have 2FA on, so I don't understand how. Please block whatever you can.`),
  mail('security', 'urgent', 'account compromised', `My account is compromised. The recovery email was changed to one I don't own and there's a pending withdrawal I never made. Please stop it!`),
  mail('security', 'high', 'New device login notification', `I got a "new device signed in" email for a Windows PC. I only use my phone. Balance looks fine. Can you sign out all sessions?`),
  mail('security', 'normal', 'Text message about my wallet', `I got an SMS saying my wallet is locked and to call a number to unlock it. That's a scam right? I didn't call. Just reporting it.`),
  mail('security', 'low', 'Authenticator vs SMS', `Which 2FA method do you recommend, SMS or an authenticator app? Is it possible to have both?`),
  mail('security', 'high', 'reset my 2fa please', `I factory reset my phone and lost Google Authenticator. I can't get past the 2FA screen. I still have my password and email access. What do you need from me?`),
  mail('security', 'urgent', 'I think I got scammed', `A guy from "wallet support" on WhatsApp helped me "fix" my sync issue, he had me share my screen and I showed him my recovery phrase. 10 minutes later my BTC was sent out. Please help.`),
  mail('security', 'low', 'whitelist', `Is there a withdrawal address whitelist feature? I'd like to limit withdrawals to my own addresses for safety.`),
  mail('account', 'high', 'Cannot sign in after update', `After updating the iOS app I cannot sign in. It says "session expired" right after I enter the code. Tried reinstalling. I need to move funds today.`),
  mail('account', 'normal', 'Reset password link not working', `The "forgot password" link sends me an email but the link opens a blank page. Could you check? I'm using Safari.`),
  mail('account', 'low', 'change username?', `Is it possible to change my display username? It's my old gamer tag lol`),
  mail('account', 'normal', 'Delete my account please', `Please close my account, I'm moving to a hardware wallet. Everything has been withdrawn already.`),
  mail('account', 'normal', 'no confirmation email at sign up', `Registered an hour ago and never got the confirmation email to activate the account. Not in spam either.`),
  mail('transaction', 'high', 'deposit not showing', `Sent 250 USDC on Polygon to my deposit address at 9:15 this morning. Polygonscan says confirmed. My wallet still shows zero USDC. Tx: 0x1f2e3d4c5b6a79880716253443526170819a2b3c4d5e6f708192a3b4c5d6e7f8`),
  mail('transaction', 'high', 'Withdrawal processing for 2 days', `My SOL withdrawal has been "processing" since Saturday. It's Monday. 45 SOL. Please push it through or cancel it.`),
  mail('transaction', 'normal', 'Swap gave less than quoted', `I swapped 1 ETH and the quote said I'd get 3,210 USDT but I got 3,150. Is slippage supposed to be that high?`),
  mail('transaction', 'high', 'Sent BTC to an ETH address??', `I think I pasted my ETH address into the BTC withdrawal field and it went through. 0.05 BTC. Is it lost?`),
  mail('transaction', 'low', 'Lightning network', `Do you support withdrawals over the Lightning network? Would be much cheaper for small amounts.`),
  mail('transaction', 'normal', 'Buy with card failed', `Tried to buy 100 EUR of BTC with my Visa card, it says "payment declined" but my bank says there was no attempt. Card works elsewhere.`),
  mail('transaction', 'high', 'refund not back', `Your app said my failed withdrawal would be refunded to my balance. It's been 3 days and the 600 USDT is not back in my account.`),
  mail('fees', 'normal', 'Network fee way higher than estimate', `The estimated network fee was 0.0002 BTC but 0.0009 BTC was taken. That's more than 4x. Why? I'd like the difference refunded.`),
  mail('fees', 'low', 'Fee for internal transfers', `Are transfers between two users of your wallet free, or is there a fee?`),
  mail('fees', 'low', 'Referral discount', `Does inviting friends give me a discount on trading fees? How much?`),
  mail('fees', 'normal', 'you took a fee on a cancelled order', `I cancelled a swap order before it executed and still got charged a 0.1% fee. Please return it.`),
  mail('personal_info', 'normal', 'Got married - name change', `I recently got married and changed my last name. My passport is updated. Please update the name on my account to match.`),
  mail('personal_info', 'low', 'where to update phone', `Where in the app can I update my phone number? I'm getting a new SIM next month.`),
  mail('personal_info', 'normal', 'Email typo on my account', `I registered with "jonh.smith@example.com" (typo) instead of "john.smith@example.com". Codes go to the wrong mailbox now. Please correct it.`),
  mail('restriction', 'high', 'trading suspended on my account', `Trading has been suspended on my account with no explanation. I have open positions I need to manage. Please tell me what's going on.`),
  mail('restriction', 'normal', 'Verification stuck at selfie step', `The identity verification keeps failing at the selfie step, it says "face not detected". Tried 10 times in good light.`),
  mail('restriction', 'high', 'My funds are on hold', `All my funds are on hold pending review since last week. What documents do you need to release them?`),
  mail('restriction', 'low', 'Which countries are supported?', `Is the wallet available in Turkey? I want to know before I complete verification.`),
  mail('other', 'low', 'Collaboration request', `Hi! I'm a crypto YouTuber with 80k subscribers. Interested in a sponsored video collaboration? Let me know your budget.`),
  mail('other', 'low', 'Out of office', `I am out of the office until March 20 with limited access to email. For urgent matters contact my colleague.`),
  mail('other', 'low', 'great service', `Just wanted to say your support team was super helpful last week. Thanks Maria!`),
  mail('other', 'normal', 'Widget not updating', `The home screen widget on my Android stopped updating prices after the last version. Shows prices from 3 days ago.`),
  mail('other', 'low', 'Tax documents?', `Do you provide any tax reports or documents for my country's tax filing?`),

  // Chinese
  mail('security', 'urgent', '钱被人转走了', `昨晚11点左右账户里的4000U和1.1个ETH分三笔被转走了,我当时在睡觉,也开了谷歌验证,不知道怎么回事,求帮忙拦截!`),
  mail('security', 'urgent', '邮箱被改了还有一笔提币', `我的绑定邮箱被人改成了一个不认识的邮箱,还有一笔提币在审核中,不是我提的,请马上拦下来!`),
  mail('security', 'high', '新设备登录通知', `收到新设备登录的邮件,是一台Windows电脑,我只用手机。资产看着没问题,能帮我把所有设备都退出登录吗?`),
  mail('security', 'normal', '收到诈骗短信', `收到短信说我的钱包被锁定了,让我打一个电话解锁,这是骗子吧?我没打,跟你们说一声。`),
  mail('security', 'high', '手机恢复出厂设置了', `手机恢复出厂设置,谷歌验证器没了,现在卡在二次验证那一步进不去。密码和邮箱都还在,需要我提供什么?`),
  mail('security', 'urgent', '被骗了', `有个自称钱包客服的人加我微信,说帮我解决同步问题,让我共享屏幕,我把助记词给他看了,十分钟后我的BTC就被转走了。`),
  mail('security', 'low', '地址白名单', `有没有提币地址白名单功能?想设置只能提到我自己的地址,安全一点。`),
  mail('account', 'high', '更新后登录不了', `iOS更新app后登录不了,输完验证码就提示"会话已过期",重装也没用,今天要转钱。`),
  mail('account', 'normal', '找回密码的链接打不开', `点忘记密码收到了邮件,但是邮件里的链接打开是空白页,用的Safari,帮忙看看。`),
  mail('account', 'low', '能改用户名吗', `用户名可以修改吗?当时随便起的。`),
  mail('account', 'normal', '注册后没收到激活邮件', `一个小时前注册的,一直没收到激活账户的邮件,垃圾邮件里也没有。`),
  mail('transaction', 'high', '充值没显示', `今天早上9点15分在Polygon链上往充值地址转了250 USDC,浏览器显示已确认,钱包里还是0。`),
  mail('transaction', 'high', 'SOL提币处理了两天', `周六提的45个SOL到现在还显示处理中,今天都周一了,麻烦处理一下或者取消掉。`),
  mail('transaction', 'normal', '兑换到手的比报价少', `用1个ETH兑换,报价显示能拿到3210 USDT,结果只到了3150,滑点这么大正常吗?`),
  mail('transaction', 'high', 'BTC提到了ETH地址', `提BTC的时候好像粘贴成了我的ETH地址,而且提交成功了,0.05 BTC,还能找回来吗?`),
  mail('transaction', 'low', '闪电网络', `请问支持通过闪电网络提币吗?小额的话会便宜很多。`),
  mail('transaction', 'high', '失败的提币没退回', `app说提币失败会退回余额,已经三天了,600U还没回到账户里。`),
  mail('fees', 'normal', '网络费比预估高太多', `预估的网络费是0.0002 BTC,实际扣了0.0009 BTC,四倍多,为什么?差额请退给我。`),
  mail('fees', 'low', '站内转账收费吗', `两个用户之间互相转账免费吗?还是要收手续费?`),
  mail('fees', 'low', '邀请返佣', `邀请好友可以减免交易手续费吗?能减多少?`),
  mail('fees', 'normal', '取消的订单也收费', `兑换订单还没成交我就取消了,还是被收了0.1%的手续费,请退回。`),
  mail('personal_info', 'normal', '结婚后改名', `最近结婚改了姓,护照已经换新的了,麻烦把账户上的姓名改成新的。`),
  mail('personal_info', 'low', '在哪改手机号', `app里在哪里修改手机号?下个月要换新卡了。`),
  mail('personal_info', 'normal', '邮箱填错了', `注册时邮箱打错了一个字母,现在验证码都发到别人的邮箱去了,请帮我改正。`),
  mail('restriction', 'high', '交易功能被暂停', `我的账户交易功能被暂停了,没有任何解释,我还有仓位要处理,请告诉我怎么回事。`),
  mail('restriction', 'normal', '人脸识别一直失败', `实名认证到人脸识别那一步一直失败,提示"未检测到人脸",光线很好,试了十次了。`),
  mail('restriction', 'high', '资金被冻结审核', `上周开始我所有的资金都显示冻结审核中,需要提供什么材料才能放开?`),
  mail('other', 'low', '赞助合作', `你好,我是一个币圈博主,B站8万粉丝,有兴趣做一期赞助视频吗?预算可以谈。`),
  mail('other', 'low', '自动回复', `您好,我目前休假中,3月20日返回,期间邮件回复可能不及时。`),
  mail('other', 'low', '表扬', `上周帮我处理问题的客服小姐姐特别耐心,点个赞!`),
  mail('other', 'normal', '小组件不更新', `安卓桌面小组件从上个版本开始就不更新价格了,显示的还是三天前的。`),

  // mixed and messy
  mail('transaction', 'high', 'deposit 没到', `hi 我 deposit 了 2 ETH from Coinbase, 已经 5 hours, etherscan confirmed, 但是 balance 还是 0`),
  mail('security', 'urgent', 'HELP 被盗', `my account 被盗了!!! password 也被改了 cant login, 里面有 3 BTC`),
  mail('restriction', 'high', 'account 被 freeze', `为什么我的 account 被 freeze 了? 我要 withdraw 但是显示 restricted`),
  mail('fees', 'low', 'TRC20 fee 多少', `USDT TRC20 提币 fee 是多少? thx`),
  mail('personal_info', 'normal', 'update email 更换邮箱', `Please update my email to new.me@example.com, 旧邮箱已经不用了`),
  mail('account', 'high', 'Re: [WD-30010] login', `still cant log in, tried everything you said.

On Fri, Mar 15, 2024 at 11:00 AM Walletdesk Support <support@walletdesk.local> wrote:
> Please try clearing the app cache. If you notice a withdrawal you did not make, tell us immediately.
> Our fee schedule is on the help center.`),
  mail('security', 'high', '回复:[WD-30011] 我们已收到您的邮件', `补充一下:登录记录里有两条不是我的,一条在越南一条在俄罗斯。资产暂时没少。

在 2024年3月15日 11:00,Walletdesk 客服 <support@walletdesk.local> 写道:
> 您好,我们已收到您的来信。如需补充信息(操作步骤、发生时间、涉及的资产、截图或交易记录),请直接回复本邮件。`),
  mail('transaction', 'high', 'Fwd: Deposit confirmation from Kraken', `Kraken says this was sent 2 days ago, I still don't have it.

---------- Forwarded message ---------
From: Kraken <noreply@kraken.com>
Subject: Withdrawal sent

Your withdrawal of 500 USDT to address TJYeasTPa6gpEEfYCp2jM9pHPeqzMNHmxk has been sent.`),
  mail('fees', 'normal', 'fee', `wtf 15 usdt fee for a 100 usdt withdrawal?? too expensive, refund pls`),
  mail('other', 'low', '.', ``),
  mail('account', 'normal', 'Sign up with Apple ID problem', `When I try to sign up with Apple ID it shows "an unknown error occurred". Email sign up works but I'd prefer Apple.

Regards,
Ken
Sent from my iPad`),
  mail('security', 'urgent', '紧急紧急', `我的钱包刚才有人在操作!!!一直在往外转币,我改了密码也没用,快帮我冻结!!!`),
  mail('transaction', 'normal', 'wrong tx history', `My transaction history doesn't show my deposits from January at all. The balance is correct though.`),
  mail('restriction', 'normal', '身份证审核不通过', `上传了身份证正反面,审核不通过,原因写的是"信息不匹配",但信息都是对的。`),
];
