/**
 * Vietnamese function syllables: they carry grammar, not the story, so they
 * are left out of title overlap, centrality and redundancy.
 */
export const STOP_SYLLABLES: ReadonlySet<string> = new Set(
  (
    'và của là có được trong các những một cho với đã này không để khi từ theo về tại đến ra vào lên ' +
    'thì mà nhưng nên vì do bị sẽ đang cũng vẫn còn rất lại như hay hoặc nhiều ít đó kia ấy nào gì ' +
    'ở trên dưới sau trước giữa ngoài qua nay hơn nhất nữa chỉ mới đều thêm cùng việc sự cái con chiếc ' +
    'người ông bà anh chị họ chúng tôi ta mình này năm ngày tháng biết cho_biết nói làm thể cần phải'
  ).split(' '),
);
